package org.vrrpd.lab.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vrrpd.lab.fixture.Capture;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Two routers r1, r2 (v3/IPv4, advert interval 1 s) on a lab bridge with a capture, for the health-check
 * scenarios: instance YAML with checks, status and breakdown look-ups, and capture queries.
 */
final class HealthDuo implements AutoCloseable {

    static final String NAME = "vi";
    static final int VRID = 51;
    static final Variant V = Variant.V3_IPV4;
    static final double INTERVAL_MS = 1000;

    final Lab lab;
    final Capture capture;

    HealthDuo() throws IOException {
        lab = Lab.create();
        try {
            lab.addHost("r1", V.hostCidr(1), null);
            lab.addHost("r2", V.hostCidr(2), null);
            capture = Capture.start(lab, "health");
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** One instance's YAML (advert 1 s, VIP 192.0.2.100) with {@code checks} (YAML lines at 4 spaces) appended. */
    static String instance(int priority, String checks) {
        return "  - name: " + NAME + "\n"
                + "    interface: eth0\n"
                + "    vrid: " + VRID + "\n"
                + "    version: 3\n"
                + "    priority: " + priority + "\n"
                + "    advert_interval: 1s\n"
                + "    vips: [" + V.vipCidr() + "]\n"
                + "    garp_master_delay: 0s\n"
                + "    garp_master_repeat: 1\n"
                + (checks == null ? "" : checks);
    }

    VrrpdNode vrrpd(int n, int priority, String checks) throws IOException {
        return VrrpdNode.start(lab, "r" + n, instance(priority, checks));
    }

    static void awaitState(VrrpdNode node, String state, Duration max) {
        Poll.until(node.host() + " " + state, max, () -> state.equals(node.state(NAME)));
    }

    boolean hasVip(int n) throws IOException {
        return lab.hasAddress("r" + n, "eth0", V.vip());
    }

    void awaitVipOnlyOn(int n, Duration max) {
        Poll.until("VIP only on r" + n, max, () -> hasVip(n) && !hasVip(n == 1 ? 2 : 1));
    }

    List<Pcap.Frame> advertsFrom(int n) throws IOException {
        InetAddress src = V.advertSource(n);
        return capture.frames().stream().filter(Pcap.Frame::isVrrp).filter(f -> f.ipSource().equals(src))
                .filter(f -> f.vrrpVrid() == VRID).toList();
    }

    Optional<Pcap.Frame> firstAdvertFrom(int n, long micros) throws IOException {
        return advertsFrom(n).stream().filter(f -> f.micros() >= micros).findFirst();
    }

    /** The first gratuitous ARP for the VIP captured at or after {@code micros}. */
    Optional<Pcap.Frame> firstGarpAfter(long micros) throws IOException {
        InetAddress vip = InetAddress.getByName(V.vip());
        return capture.frames().stream().filter(Pcap.Frame::isArp).filter(f -> f.micros() >= micros)
                .filter(f -> vip.equals(f.arpSenderIp())).findFirst();
    }

    /** The named instance's priority object from the status ({base, effective, contributions, faults}). */
    static JsonNode priority(VrrpdNode node) {
        JsonNode i = node.instance(NAME);
        return i == null ? null : i.path("priority");
    }

    static int effective(VrrpdNode node) {
        JsonNode p = priority(node);
        return p == null ? -1 : p.path("effective").asInt(-1);
    }

    /** The contribution of a check in the status breakdown, or null. */
    static JsonNode contribution(VrrpdNode node, String check) {
        JsonNode p = priority(node);
        if (p != null) {
            for (JsonNode c : p.path("contributions")) {
                if (c.path("check").asText().equals(check)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The check's entry in {@code vrrpctl checks --json}, or null. */
    static JsonNode check(VrrpdNode node, String check) {
        try {
            for (JsonNode c : node.call("checks", null).path("checks")) {
                if (c.path("name").asText().equals(check)) {
                    return c;
                }
            }
        } catch (org.vrrpd.control.ControlException e) {
            return null;
        }
        return null;
    }

    static long micros(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** Skew_Time at priority {@code p} with a 1 s interval, in ms. */
    static double skewMs(int p) {
        return (256 - p) * INTERVAL_MS / 256.0;
    }

    @Override
    public void close() {
        capture.close();
        lab.close();
    }
}
