package org.vrrpd.lab.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vrrpd.lab.Capture;
import org.vrrpd.lab.KeepalivedNode;
import org.vrrpd.lab.Lab;
import org.vrrpd.lab.Pcap;
import org.vrrpd.lab.Poll;
import org.vrrpd.lab.Variant;
import org.vrrpd.lab.VrrpdNode;

/**
 * Routers r1 (host 1) and r2 (host 2) and a client (host 9) on a lab bridge with a bridge capture, where each
 * router may run vrrpd or keepalived in the same virtual router ({@link #NAME}, VRID {@link #VRID}) with the
 * same VIPs, interval and unicast peers, so that either implementation can stand in for the other.
 */
final class MixedPair implements AutoCloseable {

    static final String NAME = "vi";
    static final int VRID = 42;

    final Lab lab;
    final Variant v;
    final Capture capture;

    MixedPair(Variant v) throws IOException {
        this.v = v;
        this.lab = Lab.create();
        try {
            lab.addHost("r1", v.ipv6 ? "192.0.2.1/24" : v.hostCidr(1), v.ipv6 ? v.hostCidr(1) : null);
            lab.addHost("r2", v.ipv6 ? "192.0.2.2/24" : v.hostCidr(2), v.ipv6 ? v.hostCidr(2) : null);
            lab.addHost("client", v.ipv6 ? "192.0.2.9/24" : v.hostCidr(9), v.ipv6 ? v.hostCidr(9) : null);
            capture = Capture.start(lab, "mixed");
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Starts vrrpd on host {@code n} (1 or 2); {@code extra} is appended to the instance's YAML. */
    VrrpdNode vrrpd(int n, int priority, String extra) throws IOException {
        return VrrpdNode.start(lab, "r" + n, v.vrrpdInstance(NAME, VRID, priority, n, new int[] {other(n)}, extra));
    }

    /** Starts keepalived on host {@code n} with the instance vrrpd would run there. */
    KeepalivedPeer keepalived(int n, int priority) throws IOException {
        return KeepalivedPeer.start(lab, "r" + n, keepalivedSettings(v, n, priority));
    }

    /**
     * keepalived's equivalent of {@link Variant#vrrpdInstance}: {@code version} set explicitly (keepalived's
     * default {@code vrrp_version} is 2), the same VIPs in the same order (an IPv6 instance lists its link-local
     * VIP first: keepalived advertises VIPs in configuration order and drops adverts whose count or addresses
     * differ from its own list), and for unicast the same source and peer.
     */
    static KeepalivedNode.Settings keepalivedSettings(Variant v, int self, int priority) {
        List<String> vips = new ArrayList<>();
        if (v.ipv6) {
            vips.add("fe80::" + Integer.toHexString(VRID) + "/64");
        }
        vips.add(v.vipCidr());
        String interval = v.intervalMs % 1000 == 0 ? Integer.toString(v.intervalMs / 1000)
                : Double.toString(v.intervalMs / 1000.0);
        KeepalivedNode.Settings s = KeepalivedNode.Settings.of(NAME, VRID, v.version, priority, interval, vips)
                .withLines(List.of("garp_master_delay 1", "garp_master_repeat 1"));
        if (v.unicast) {
            s = s.withUnicast(v.hostAddress(self), List.of(v.hostAddress(other(self))));
        }
        return s;
    }

    static int other(int n) {
        return n == 1 ? 2 : 1;
    }

    boolean hasVip(int n) throws IOException {
        return lab.hasAddress("r" + n, "eth0", v.vip());
    }

    /** Waits until exactly router {@code n} holds the VIP. */
    void awaitVipOnlyOn(int n, Duration max) {
        Poll.until("VIP only on r" + n, max, () -> hasVip(n) && !hasVip(other(n)));
    }

    void awaitState(VrrpdNode node, String state, Duration max) {
        Poll.until(node.host() + " vrrpd " + state, max, () -> state.equals(node.state(NAME)));
    }

    void awaitState(KeepalivedPeer node, int state, Duration max) {
        Poll.until("keepalived state " + state, max, KeepalivedPeer.POLL, () -> node.state() == state);
    }

    /** Adverts from router {@code n} in the capture, oldest first. */
    List<Pcap.Frame> advertsFrom(int n) throws IOException {
        InetAddress src = v.advertSource(n);
        return capture.frames().stream().filter(Pcap.Frame::isVrrp).filter(f -> f.ipSource().equals(src))
                .toList();
    }

    Optional<Pcap.Frame> firstAdvertFrom(int n, long micros) throws IOException {
        return advertsFrom(n).stream().filter(f -> f.micros() >= micros).findFirst();
    }

    /** The first priority-0 advert from router {@code n} at or after {@code micros}. */
    Pcap.Frame priorityZeroFrom(int n, long micros) {
        return Poll.untilValue(() -> advertsFrom(n).stream().filter(f -> f.micros() >= micros)
                .filter(f -> f.vrrpPriority() == 0).findFirst().orElse(null), "priority-0 advert from r" + n);
    }

    /** A capture timestamp for "from now on" (capture timestamps come from the same system clock). */
    static long now() {
        return System.currentTimeMillis() * 1000;
    }

    /** Cuts r1 and r2 off from each other (bridge port isolation); carrier stays up on both. */
    void partition(boolean on) throws IOException {
        for (String port : List.of("v1", "v2")) {
            lab.exec("lan", "bridge", "link", "set", "dev", port, "isolated", on ? "on" : "off");
        }
    }

    @Override
    public void close() {
        capture.close();
        lab.close();
    }
}
