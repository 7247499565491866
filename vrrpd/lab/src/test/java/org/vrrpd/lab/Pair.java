package org.vrrpd.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Two routers r1 (host 1) and r2 (host 2) on a lab bridge, a client (host 9), and a bridge capture; the
 * helpers every two-node scenario uses.
 */
final class Pair implements AutoCloseable {

    static final String NAME = "vi";
    static final int VRID = 42;

    final Lab lab;
    final Variant v;
    final Capture capture;

    Pair(Variant v) throws IOException {
        this.v = v;
        this.lab = Lab.create();
        try {
            lab.addHost("r1", v.ipv6 ? "192.0.2.1/24" : v.hostCidr(1), v.ipv6 ? v.hostCidr(1) : null);
            lab.addHost("r2", v.ipv6 ? "192.0.2.2/24" : v.hostCidr(2), v.ipv6 ? v.hostCidr(2) : null);
            lab.addHost("client", v.ipv6 ? "192.0.2.9/24" : v.hostCidr(9), v.ipv6 ? v.hostCidr(9) : null);
            capture = Capture.start(lab, "pair");
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    VrrpdNode vrrpd(int n, int priority, String extra) throws IOException {
        int other = n == 1 ? 2 : 1;
        return VrrpdNode.start(lab, "r" + n, v.vrrpdInstance(NAME, VRID, priority, n, new int[] {other}, extra));
    }

    boolean hasVip(int n) throws IOException {
        return lab.hasAddress("r" + n, "eth0", v.vip());
    }

    void awaitState(VrrpdNode node, String state, Duration max) {
        Poll.until(node.host() + " " + state, max, () -> state.equals(node.state(NAME)));
    }

    /** Waits until exactly node {@code n} holds the VIP. */
    void awaitVipOnlyOn(int n, Duration max) {
        Poll.until("VIP only on r" + n, max, () -> hasVip(n) && !hasVip(n == 1 ? 2 : 1));
    }

    /** Adverts from host {@code n} in the capture, oldest first. */
    List<Pcap.Frame> advertsFrom(int n) throws IOException {
        InetAddress src = v.advertSource(n);
        return capture.frames().stream().filter(Pcap.Frame::isVrrp).filter(f -> f.ipSource().equals(src))
                .toList();
    }

    /** The first advert from host {@code n} captured at or after {@code micros}. */
    Optional<Pcap.Frame> firstAdvertFrom(int n, long micros) throws IOException {
        return advertsFrom(n).stream().filter(f -> f.micros() >= micros).findFirst();
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
