package org.vrrpd.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Two IPv6 VRIDs on one interface of one daemon, each with a link-local VIP: the kernel lists the newer
 * link-local (the other VRID's VIP) before the interface's own, yet the advert source stays the interface's own
 * link-local through a reload that adds a VRID, and adverts keep leaving while the other VIP comes and goes.
 */
@Tag("lab")
class Ipv6AdvertSourceLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final String OWN = "fe80::ff:fe00:1";

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    private static String instance(String name, int vrid) {
        return "  - name: " + name + "\n    interface: eth0\n    vrid: " + vrid + "\n    version: 3\n"
                + "    priority: 100\n    advert_interval: 100ms\n"
                + "    vips: [fe80::1:" + Integer.toHexString(vrid) + "/64, 2001:db8::" + Integer.toHexString(vrid)
                + "/64]\n    garp_master_delay: 0s\n    garp_master_repeat: 1\n";
    }

    private static void reload(VrrpdNode r1, String yaml) throws Exception {
        r1.rewrite(yaml);
        r1.call("reload", null);
    }

    private static long counter(VrrpdNode r1, String instance, String name) {
        JsonNode i = r1.instance(instance);
        return i == null ? -1 : i.path("counters").path(name).asLong(-1);
    }

    @Test
    void otherVridsLinkLocalVip_shouldNeverBeTheAdvertSource_acrossReloads() throws Exception {
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", "192.0.2.1/24", null);
            Poll.until("r1's own link-local past DAD", SETTLE, () -> {
                String a = lab.addresses("r1", "eth0");
                return a.contains(OWN) && !a.contains("tentative");
            });
            String b = instance("b", 0x52);
            try (VrrpdNode r1 = VrrpdNode.start(lab, "r1", b)) {
                Poll.until("b Master with its link-local VIP", SETTLE, () -> "MASTER".equals(r1.state("b"))
                        && lab.hasAddress("r1", "eth0", "fe80::1:52"));
                // a joins by reload while b's VIP fe80::1:52 is listed before the interface's own link-local
                reload(r1, b + instance("a", 0x51));
                Poll.until("a Master", SETTLE, () -> "MASTER".equals(r1.state("a")));
                assertEquals(OWN, r1.instance("a").path("source").asText(), "a's advert source");
                for (int round = 0; round < 2; round++) { // b's VIP goes with b, then comes back
                    reload(r1, instance("a", 0x51));
                    Poll.until("b's VIP gone", SETTLE, () -> !lab.hasAddress("r1", "eth0", "fe80::1:52"));
                    long sent = counter(r1, "a", "advertsSent");
                    Poll.until("a keeps advertising", SETTLE, () -> counter(r1, "a", "advertsSent") > sent + 10);
                    reload(r1, instance("a", 0x51) + b);
                    Poll.until("b back with its VIP", SETTLE, () -> "MASTER".equals(r1.state("b"))
                            && lab.hasAddress("r1", "eth0", "fe80::1:52"));
                    long again = counter(r1, "a", "advertsSent");
                    Poll.until("a keeps advertising", SETTLE, () -> counter(r1, "a", "advertsSent") > again + 10);
                }
                assertEquals(OWN, r1.instance("a").path("source").asText(), "a's advert source");
                assertEquals(OWN, r1.instance("b").path("source").asText(), "b's advert source");
                assertEquals(0, counter(r1, "a", "sendErrors"), "a's refused adverts");
                assertEquals(0, counter(r1, "b", "sendErrors"), "b's refused adverts");
            }
        }
    }

    /**
     * A daemon started while its interface has no usable link-local address (down: the kernel removed it) keeps
     * running: the instance waits in Fault and becomes Master, advertising from the link-local, once the link is
     * up and duplicate address detection is done. (It used to exit with status 3.)
     */
    @Test
    void startedWithoutALinkLocal_shouldWaitInFault_andAdvertiseOnceItHasOne() throws Exception {
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", "192.0.2.1/24", null);
            lab.exec("r1", "ip", "link", "set", "eth0", "down");
            Poll.until("r1's link-local gone with the link", SETTLE, () -> !lab.addresses("r1", "eth0")
                    .contains(OWN));
            try (VrrpdNode r1 = VrrpdNode.start(lab, "r1", instance("a", 0x51))) {
                Poll.until("a in Fault", SETTLE, () -> "FAULT".equals(r1.state("a")));
                assertTrue(r1.process().isAlive(), "the daemon runs on");
                lab.exec("r1", "ip", "link", "set", "eth0", "up");
                Poll.until("a Master", SETTLE, () -> "MASTER".equals(r1.state("a")));
                assertEquals(OWN, r1.instance("a").path("source").asText(), "a's advert source");
                long sent = counter(r1, "a", "advertsSent");
                Poll.until("a advertising", SETTLE, () -> counter(r1, "a", "advertsSent") > sent + 10);
                assertEquals(0, counter(r1, "a", "sendErrors"), "a's refused adverts");
            }
        }
    }
}
