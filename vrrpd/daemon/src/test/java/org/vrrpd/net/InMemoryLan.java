package org.vrrpd.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.IpEnvelope;

/**
 * An in-memory LAN for tests: named hosts, each a {@link VrrpTransport} ({@link Host}), attach interfaces to named
 * segments. A packet sent on a segment reaches every other host's endpoint on that segment and family when it is
 * addressed to the group (multicast-mode endpoints) or to one of that interface's addresses, with TTL 255 and the
 * receiver's ifindex, never the sender's own host (IP_MULTICAST_LOOP is off). Unicast endpoints drop non-peers, as
 * on Linux. A macvlan ({@link Host#attachMacvlan}) follows the kernel's rule for private-mode macvlans: a frame whose
 * Ethernet source is the MAC of one of the receiver's own macvlans reaches that macvlan only, never its parent. GARP
 * and NA frames are recorded in {@link #frames()}, VRRP packets with the interface they left from in
 * {@link #packets()}. Deliveries run on each host's executor
 * (direct by default; pass a queueing executor to avoid re-entrant delivery).
 */
public final class InMemoryLan {

    /** A frame a host sent with {@code sendGratuitousArp} or {@code sendUnsolicitedNa}. */
    public record SentFrame(String host, String interfaceName, int ifIndex, byte[] frame) {
        public SentFrame {
            frame = frame.clone();
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }
    }

    /** A VRRP packet a host sent, and the interface it left from. */
    public record SentPacket(String host, String interfaceName, InetAddress source, InetAddress destination) {
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<SentFrame> frames = new CopyOnWriteArrayList<>();
    private final List<SentPacket> packets = new CopyOnWriteArrayList<>();
    private volatile Runnable onFrame = () -> { };

    /** The host named {@code name}, created on first use with direct delivery. */
    public synchronized Host host(String name) {
        return host(name, Runnable::run);
    }

    /** The host named {@code name}; {@code deliveries} runs its packet handlers (e.g. a Netty event loop). */
    public synchronized Host host(String name, Executor deliveries) {
        return hosts.computeIfAbsent(name, n -> new Host(n, deliveries));
    }

    /** Every VRRP packet sent so far, in order. */
    public List<SentPacket> packets() {
        return List.copyOf(packets);
    }

    /** Runs {@code hook} as each GARP/NA frame is sent (right after it is recorded), on the sender's thread. */
    public void onFrame(Runnable hook) {
        this.onFrame = hook;
    }

    /** Every GARP/NA frame sent so far, in order. */
    public List<SentFrame> frames() {
        return List.copyOf(frames);
    }

    private synchronized List<Host> hostsSnapshot() {
        return new ArrayList<>(hosts.values());
    }

    private record Link(String name, String segment, int ifIndex, MacAddress mac, List<InetAddress> addresses) {
    }

    /** One machine on the LAN; its transport. */
    public final class Host implements VrrpTransport {
        private final String name;
        private final Executor deliveries;
        private final Map<String, Link> links = new LinkedHashMap<>();
        private final List<FakeEndpoint> endpoints = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        private Host(String name, Executor deliveries) {
            this.name = name;
            this.deliveries = Objects.requireNonNull(deliveries);
        }

        /** Adds interface {@code interfaceName} on {@code segment}; ifindexes count from 2 (1 is lo). */
        public synchronized Host attach(String interfaceName, String segment, MacAddress mac, InetAddress... addresses) {
            links.put(interfaceName, new Link(interfaceName, segment, links.size() + 2, mac, List.of(addresses)));
            return this;
        }

        /**
         * Adds a macvlan {@code interfaceName} on {@code parent} (same segment) with its own MAC. It may send from
         * the parent's addresses, as Linux lets a socket bound to it use any local address.
         */
        public synchronized Host attachMacvlan(String interfaceName, String parent, MacAddress mac) {
            Link p = links.get(parent);
            if (p == null) {
                throw new IllegalArgumentException("no interface " + parent + " on " + name);
            }
            int index = links.values().stream().mapToInt(Link::ifIndex).max().orElse(1) + 1;
            links.put(interfaceName, new Link(interfaceName, p.segment, index, mac, p.addresses));
            return this;
        }

        /** This host's link on the same segment with the same MAC as {@code sender}, if any. */
        private synchronized Link twinOf(Link sender) {
            return links.values().stream().filter(l -> l.segment.equals(sender.segment) && l.mac.equals(sender.mac))
                    .findFirst().orElse(null);
        }

        private synchronized Link link(String interfaceName) throws NativeException {
            Link link = links.get(interfaceName);
            if (link == null) {
                throw new NativeException("if_nametoindex(" + interfaceName + ")", 19, "No such device");
            }
            return link;
        }

        private synchronized Link link(int ifIndex) throws NativeException {
            return links.values().stream().filter(l -> l.ifIndex == ifIndex).findFirst()
                    .orElseThrow(() -> new NativeException("sendto(ifindex " + ifIndex + ")", 19, "No such device"));
        }

        @Override
        public VrrpEndpoint open(EndpointSpec spec, PacketHandler handler) throws IOException {
            if (closed) {
                throw new IOException("transport is closed");
            }
            FakeEndpoint endpoint = new FakeEndpoint(this, spec, link(spec.interfaceName()), handler);
            endpoints.add(endpoint);
            return endpoint;
        }

        @Override
        public int interfaceIndex(String interfaceName) throws IOException {
            return link(interfaceName).ifIndex;
        }

        @Override
        public MacAddress hardwareAddress(String interfaceName) throws IOException {
            return link(interfaceName).mac;
        }

        @Override
        public void sendGratuitousArp(int ifIndex, Inet4Address vip, MacAddress mac) throws IOException {
            Link link = link(ifIndex);
            frames.add(new SentFrame(name, link.name, ifIndex, LinkFrames.gratuitousArp(vip, mac)));
            onFrame.run();
        }

        @Override
        public void sendUnsolicitedNa(int ifIndex, Inet6Address source, Inet6Address vip, MacAddress mac,
                                      boolean router) throws IOException {
            Link link = link(ifIndex);
            frames.add(new SentFrame(name, link.name, ifIndex,
                    LinkFrames.unsolicitedNeighborAdvert(source, vip, mac, router)));
            onFrame.run();
        }

        @Override
        public void close() {
            closed = true;
            for (FakeEndpoint e : endpoints) {
                e.close();
            }
        }

        @Override
        public String toString() {
            return "Host[" + name + "]";
        }
    }

    /**
     * A host's receive path as a socket the loop has not read yet: deliveries wait here until the test calls
     * {@link #drain()} or the driver calls {@link VrrpEndpoint#drainPending()}. Pass it to {@link #host(String,
     * Executor)}.
     */
    public static final class SocketBuffer implements Executor {
        private final ArrayDeque<Runnable> queued = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable delivery) {
            queued.add(delivery);
        }

        /** Delivers what is queued, in order, on the calling thread; returns how many. */
        public int drain() {
            int n = 0;
            Runnable next;
            while ((next = poll()) != null) {
                next.run();
                n++;
            }
            return n;
        }

        private synchronized Runnable poll() {
            return queued.poll();
        }
    }

    private final class FakeEndpoint implements VrrpEndpoint {
        private final Host host;
        private final EndpointSpec spec;
        private final Link link;
        private final PacketHandler handler;
        private volatile boolean closed;
        private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

        FakeEndpoint(Host host, EndpointSpec spec, Link link, PacketHandler handler) {
            this.host = host;
            this.spec = spec;
            this.link = link;
            this.handler = Objects.requireNonNull(handler);
        }

        @Override
        public EndpointSpec spec() {
            return spec;
        }

        @Override
        public int ifIndex() {
            return link.ifIndex;
        }

        @Override
        public void send(byte[] payload, InetAddress destination, InetAddress source) throws IOException {
            if (closed) {
                throw new IOException("endpoint on " + host.name + "/" + link.name + " is closed");
            }
            spec.checkSend(destination, source);
            if (!link.addresses.contains(source)) {
                throw new NativeException("sendmsg(VRRP from " + Addresses.text(source) + ")", 22, "Invalid argument");
            }
            packets.add(new SentPacket(host.name, link.name, source, destination));
            boolean toGroup = destination.equals(spec.family().group());
            byte[] copy = Arrays.copyOf(payload, payload.length);
            for (Host other : hostsSnapshot()) {
                if (other == host) {
                    continue;
                }
                // Linux hands a frame whose Ethernet source is the MAC of one of the receiver's own private-mode
                // macvlans to that macvlan only (macvlan_handle_frame), never to its parent
                Link twin = other.twinOf(link);
                for (FakeEndpoint e : other.endpoints) {
                    boolean sameWire = e.link.segment.equals(link.segment) && e.spec.family() == spec.family()
                            && e.spec.ipProtocol() == spec.ipProtocol()
                            && (twin == null || e.link == twin);
                    boolean addressed = toGroup ? !e.spec.isUnicast() : e.link.addresses.contains(destination);
                    if (!e.closed && sameWire && addressed && !e.spec.accepts(source)) {
                        e.refused.incrementAndGet();
                    } else if (!e.closed && sameWire && addressed) {
                        IpEnvelope envelope = new IpEnvelope(source, destination, 255, e.link.ifIndex);
                        other.deliveries.execute(() -> {
                            if (!e.closed) {
                                e.handler.onPacket(envelope, copy.clone());
                            }
                        });
                    }
                }
            }
        }

        @Override
        public int drainPending() {
            return host.deliveries instanceof SocketBuffer buffer ? buffer.drain() : 0;
        }

        @Override
        public long refusedPackets() {
            return refused.get();
        }

        @Override
        public void close() {
            closed = true;
            host.endpoints.remove(this);
        }
    }
}
