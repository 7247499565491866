package org.vrrpd.daemon.instance;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.filter.FilterRuleset;
import org.vrrpd.fsm.Action;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.RouterState;
import org.vrrpd.fsm.Transition;
import org.vrrpd.fsm.VrrpConfig;
import org.vrrpd.fsm.VrrpStateMachine;
import org.vrrpd.net.MacAddress;
import org.vrrpd.net.VrrpEndpoint;
import org.vrrpd.net.VrrpTransport;
import org.vrrpd.net.nftables.NftBatch;
import org.vrrpd.net.nftables.NftConstants;
import org.vrrpd.wire.ChecksumMode;

/**
 * A Backup's Master path, run without side effects: a scratch state machine (never the instance's own) goes
 * through Startup, the Master_Down timer, an advert interval, a higher-priority advert and Shutdown, and every
 * action it returns is prepared the way the driver would carry it out, without sending or changing anything —
 * the advert bytes for each destination at the instance's priority and at 0 and the nf_tables batch of the
 * Accept_Mode filter; the VIPs' rtnetlink requests and the gratuitous ARP / unsolicited NA frames by scratch
 * objects of the classes the instance uses, over dependencies that change nothing ({@link DryTakeover}). Run at
 * start-up (and after a reload) on a background thread, it makes a takeover find the path's classes loaded, their
 * references resolved and their code compiled, however long the router has been Backup; and since every run does it,
 * the class-data archive a node's first run writes holds the Master path too.
 *
 * <p>Immutable inputs, taken on the protocol thread; {@link #getAsLong()} (one pass) may run on any thread.
 */
public final class MasterRehearsal implements LongSupplier {

    private final VrrpConfig fsmConfig;
    private final InstanceWire wire;
    private final InetAddress source;
    private final List<InetAddress> destinations;
    private final ChecksumMode checksumMode;
    private final List<InetAddress> vipAddresses;
    private final VrrpEndpoint endpoint;
    private final boolean rehearseFsm;
    private final DryTakeover dry;
    private long sink;

    /** {@code rehearseFsm} false leaves the state machine out (its debug log would show the scratch run). */
    MasterRehearsal(InstanceConfig config, InstanceWire wire, InetAddress source, VrrpEndpoint endpoint,
                    VrrpTransport transport, int vipIfIndex, MacAddress mac, boolean rehearseFsm) {
        this.fsmConfig = wire.fsmConfig(source);
        this.wire = wire;
        this.source = source;
        this.destinations = List.copyOf(endpoint.spec().destinations());
        this.endpoint = endpoint;
        this.checksumMode = wire.checksumMode();
        List<InetAddress> a = new ArrayList<>();
        for (VirtualAddress va : config.virtualAddresses()) {
            a.add(va.address());
        }
        this.vipAddresses = List.copyOf(a);
        this.rehearseFsm = rehearseFsm;
        this.dry = new DryTakeover(config, transport, vipIfIndex, mac, source);
    }

    /** One pass over the Master path; returns a number derived from everything built (so none of it is dead). */
    @Override
    public synchronized long getAsLong() {
        long now = 0;
        if (rehearseFsm) {
            VrrpStateMachine machine = new VrrpStateMachine(fsmConfig);
            RouterState s = machine.initialState(now);
            Event higher = new Event.AdvertReceived(higherPeer(), 255, fsmConfig.advertisementIntervalCs());
            for (Event e : List.of(new Event.Startup(), new Event.MasterDownTimerFired(), new Event.AdverTimerFired(),
                    higher, new Event.MasterDownTimerFired(), new Event.Shutdown())) {
                now += 1_000_000L;
                Transition t = machine.handle(s, e, now);
                s = t.state();
                for (Action action : t.actions()) {
                    prepare(action);
                }
            }
        } else {
            prepare(new Action.SendAdvert(fsmConfig.priority()));
            prepare(new Action.AddVips());
            prepare(new Action.SendGratuitous());
            prepare(new Action.SendAdvert(0));
            prepare(new Action.RemoveVips());
        }
        return sink + dry.sink();
    }

    /** The scratch VIP and announcement work of the passes so far (tests). */
    DryTakeover dryTakeover() {
        return dry;
    }

    private void prepare(Action action) {
        if (action instanceof Action.SendAdvert a) {
            for (InetAddress dst : destinations) {
                byte[] advert = wire.advert(a.priority()).encode(source, dst, checksumMode);
                endpoint.rehearseSend(advert, dst, source); // the native call on no socket: nothing leaves
                sink += advert.length;
            }
        } else if (action instanceof Action.AddVips) {
            dry.addVips();
            sink += NftBatch.encode(NftConstants.NFPROTO_INET, FilterRuleset.addMembers(vipAddresses), 1).size();
        } else if (action instanceof Action.RemoveVips) {
            sink += NftBatch.encode(NftConstants.NFPROTO_INET, FilterRuleset.removeMembers(vipAddresses), 1).size();
            dry.removeVips();
        } else if (action instanceof Action.SendGratuitous) {
            dry.announce(); // each frame through the transport's send path on no socket: nothing leaves
        } else if (action instanceof Action.Notify n) {
            sink += n.reason().length();
        }
    }

    /** An address above ours in the family's order: the peer whose advert sends the scratch Master back. */
    private InetAddress higherPeer() {
        byte[] b = source.getAddress();
        b[b.length - 1] = (byte) 0xff;
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
