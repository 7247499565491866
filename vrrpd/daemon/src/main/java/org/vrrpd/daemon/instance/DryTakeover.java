package org.vrrpd.daemon.instance;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.daemon.loop.ProtocolScheduler;
import org.vrrpd.daemon.vip.NeighbourTable;
import org.vrrpd.daemon.vip.VipAnnouncements;
import org.vrrpd.daemon.vip.VipTable;
import org.vrrpd.net.EndpointSpec;
import org.vrrpd.net.LinkFrames;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.PacketHandler;
import org.vrrpd.net.VrrpEndpoint;
import org.vrrpd.net.VrrpTransport;

/**
 * A takeover's VIP and announcement work done by scratch objects of the classes the instance itself uses
 * ({@link VipTable}, {@link VipAnnouncements} and what they call), over dependencies that change nothing: a
 * {@link DryRtnetlink}, a scheduler that runs nothing, and a transport that puts each gratuitous ARP / unsolicited
 * NA through the real transport's send path on no socket ({@link VrrpTransport#rehearseFrame}). The JVM resolves a
 * class's references and compiles a method once for every object, so a {@link MasterRehearsal} that runs this
 * leaves the glue between the advert, the VIPs' requests and the first gratuitous ARP as ready as the pieces it
 * builds; measured on a fresh Backup, that glue had been about a quarter of a millisecond of its first takeover.
 *
 * <p>One thread at a time (the owning rehearsal's).
 */
final class DryTakeover {

    private static final ProtocolScheduler.Cancellable NOTHING = () -> { };

    private final InstanceConfig config;
    private final int ifIndex;
    private final DryRtnetlink rtnl;
    private final VipTable vips;
    private final VipAnnouncements announcements;
    private long frames;

    DryTakeover(InstanceConfig config, VrrpTransport transport, int ifIndex, MacAddress mac, InetAddress source) {
        this.config = config;
        this.ifIndex = ifIndex;
        this.rtnl = new DryRtnetlink(ifIndex);
        this.vips = new VipTable(rtnl);
        this.announcements = new VipAnnouncements(config, new IdleScheduler(), new FrameRehearsal(transport),
                new NoNeighbours(), () -> ifIndex, () -> mac, () -> source);
    }

    /** {@code AddVips}: the VIPs' requests, then the virtual routes and rules. */
    void addVips() {
        vips.beginAdd(config, ifIndex);
        vips.addRouting(config, ifIndex);
    }

    /** {@code SendGratuitous}: the first round of announcements, then the answers to {@link #addVips}. */
    void announce() {
        announcements.announce();
        vips.confirmAdded();
    }

    /** {@code RemoveVips}: the announcements stop, the routes and rules go, then the VIPs. */
    void removeVips() {
        announcements.stop();
        vips.removeRouting(config, ifIndex);
        vips.remove(config, ifIndex);
    }

    /** Requests encoded and frames built so far (tests; and kept, so the work is not dead code). */
    long requests() {
        return rtnl.requests();
    }

    long frames() {
        return frames;
    }

    long sink() {
        return rtnl.bytes() + frames;
    }

    /** Schedules nothing: the later bursts and refreshes of an announcement are not part of a takeover. */
    private static final class IdleScheduler implements ProtocolScheduler {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(Runnable task, Duration delay) {
            return NOTHING;
        }

        @Override
        public void execute(Runnable task) {
        }

        @Override
        public boolean inLoop() {
            return false;
        }
    }

    private static final class NoNeighbours implements NeighbourTable {
        @Override
        public Optional<MacAddress> lookup(int ifindex, InetAddress address) {
            return Optional.empty();
        }

        @Override
        public void resolve(int ifindex, InetAddress address) {
        }
    }

    /** Builds each frame and hands it to the real transport's send path on no socket: nothing leaves. */
    private final class FrameRehearsal implements VrrpTransport {
        private final VrrpTransport real;

        FrameRehearsal(VrrpTransport real) {
            this.real = real;
        }

        @Override
        public void sendGratuitousArp(int ifIndex, Inet4Address vip, MacAddress mac) {
            real.rehearseFrame(ifIndex, LinkFrames.gratuitousArp(vip, mac));
            frames++;
        }

        @Override
        public void sendUnsolicitedNa(int ifIndex, Inet6Address source, Inet6Address vip, MacAddress mac,
                                      boolean router) {
            real.rehearseFrame(ifIndex, LinkFrames.unsolicitedNeighborAdvert(source, vip, mac, router));
            frames++;
        }

        @Override
        public VrrpEndpoint open(EndpointSpec spec, PacketHandler handler) throws IOException {
            throw new IOException("a dry takeover opens nothing");
        }

        @Override
        public int interfaceIndex(String interfaceName) throws IOException {
            throw new IOException("a dry takeover reads nothing");
        }

        @Override
        public MacAddress hardwareAddress(String interfaceName) throws IOException {
            throw new IOException("a dry takeover reads nothing");
        }

        @Override
        public void close() {
        }
    }
}
