package org.vrrpd.lab.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * RFC 9568 §6.4.3 Accept_Mode, enforced by vrrpd's own nf_tables table: a non-owner Master with
 * {@code accept_mode: false} refuses TCP and UDP to its VIP while clients still resolve it (ARP, ND); with
 * {@code accept_mode: true} the same traffic is served; the address owner always accepts; a reload that flips the
 * setting applies without a state change or a VIP flap.
 */
@Tag("lab")
class AcceptModeLabTest {

    static final String ACCEPT = "    accept_mode: true\n";

    @BeforeAll
    static void needsLab() throws Exception {
        assumeTrue(Lab.available(), "needs root and iproute2");
        assumeTrue(new ProcessBuilder("nft", "--version").start().waitFor() == 0, "needs nft to inspect the table");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void nonOwnerMaster_withAcceptModeFalse_shouldRefuseTcpAndUdp_whileClientsResolveTheVip(Variant v)
            throws Exception {
        try (FilterLab f = new FilterLab(v); VrrpdNode r1 = f.vrrpd(1, 200, null); VrrpdNode r2 = f.vrrpd(2, 100, null)) {
            f.awaitState(r1, "MASTER");
            f.awaitState(r2, "BACKUP");
            Poll.until("VIP on r1", FilterLab.SETTLE, () -> f.hasVip(1));

            assertTrue(f.probe(v.vip(), "tcp").startsWith("fail"), "TCP to the VIP of a non-accepting Master");
            assertTrue(f.probe(v.vip(), "udp").startsWith("fail"), "UDP to the VIP of a non-accepting Master");
            assertEquals("ok", f.probe(v.hostAddress(1), "tcp"), "r1's own address is not filtered");
            assertTrue(f.clientNeighbour().contains("lladdr " + FilterLab.mac(1)),
                    "the client resolved the VIP to r1 (ARP / ND still answered): " + f.clientNeighbour());
            assertTrue(f.table(1).contains(v.vip()), "r1's drop set holds the VIP:\n" + f.table(1));

            // neighbour unreachability detection: a STALE entry is confirmed by a unicast ARP request / NS sent
            // to the VIP itself, which must get through the filter
            f.lab.exec("client", "sysctl", "-q", "-w", "net." + (v.ipv6 ? "ipv6" : "ipv4")
                    + ".neigh.eth0.delay_first_probe_time=1");
            f.lab.run("ip", "-n", f.lab.ns("client"), "neigh", "replace", v.vip(), "lladdr", FilterLab.mac(1),
                    "dev", "eth0", "nud", "stale");
            f.probe(v.vip(), "udp"); // traffic to a STALE entry starts the probe
            Poll.until("the client's probe of the VIP answered (REACHABLE)", FilterLab.SETTLE,
                    () -> f.clientNeighbour().contains("REACHABLE"));
            assertTrue(FilterLab.filter(r1).path("acceptModeDrops").asLong() >= 2, FilterLab.filter(r1).toString());
            assertEquals(v.vip(), FilterLab.filter(r1).path("filteredVips").path(v.ipv6 ? 1 : 0).asText());
            assertTrue(!f.table(2).contains(v.vip()), "a Backup has no VIP in its set:\n" + f.table(2));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void nonOwnerMaster_withAcceptModeTrue_shouldServeTcpAndUdp(Variant v) throws Exception {
        try (FilterLab f = new FilterLab(v); VrrpdNode r1 = f.vrrpd(1, 200, ACCEPT);
             VrrpdNode r2 = f.vrrpd(2, 100, ACCEPT)) {
            f.awaitState(r1, "MASTER");
            Poll.until("VIP on r1", FilterLab.SETTLE, () -> f.hasVip(1));
            assertEquals("ok", f.probe(v.vip(), "tcp"));
            assertEquals("ok", f.probe(v.vip(), "udp"));
            assertEquals("", f.table(1), "nothing to enforce, so no table");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void addressOwner_shouldAccept_evenWithAcceptModeFalse(Variant v) throws Exception {
        try (FilterLab f = new FilterLab(v); VrrpdNode r1 = f.vrrpd(1, 255, null); VrrpdNode r2 = f.vrrpd(2, 100, null)) {
            f.awaitState(r1, "MASTER");
            Poll.until("VIP on r1", FilterLab.SETTLE, () -> f.hasVip(1));
            assertEquals("ok", f.probe(v.vip(), "tcp"));
            assertEquals("ok", f.probe(v.vip(), "udp"));
            assertTrue(!f.table(1).contains(v.vip()), "the owner's VIP is not in the set:\n" + f.table(1));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void reloadFlippingAcceptMode_shouldApplyInPlace_withoutDroppingTheVip(Variant v) throws Exception {
        try (FilterLab f = new FilterLab(v); VrrpdNode r1 = f.vrrpd(1, 200, null); VrrpdNode r2 = f.vrrpd(2, 100, null)) {
            f.awaitState(r1, "MASTER");
            f.awaitState(r2, "BACKUP");
            Poll.until("VIP on r1", FilterLab.SETTLE, () -> f.hasVip(1));
            assertTrue(f.probe(v.vip(), "tcp").startsWith("fail"));
            long transitions = r1.instance(FilterLab.NAME).path("counters").path("transitions").asLong(-1);
            String since = r1.instance(FilterLab.NAME).path("since").asText();

            r1.rewrite(f.instance(1, 200, ACCEPT));
            var summary = r1.call("reload", null);
            assertEquals(FilterLab.NAME, summary.path("changed").path(0).asText(), summary.toString());
            assertEquals(0, summary.path("replaced").size(), "applied in place, not replaced: " + summary);
            assertEquals("ok", f.probe(v.vip(), "tcp"), "served right after the reload");
            assertEquals("ok", f.probe(v.vip(), "udp"));

            r1.rewrite(f.instance(1, 200, null));
            r1.call("reload", null);
            assertTrue(f.probe(v.vip(), "tcp").startsWith("fail"), "refused again after flipping back");

            assertEquals("MASTER", r1.state(FilterLab.NAME));
            assertTrue(f.hasVip(1), "the VIP stayed on r1");
            assertEquals(since, r1.instance(FilterLab.NAME).path("since").asText(), "no state change");
            assertEquals(transitions, r1.instance(FilterLab.NAME).path("counters").path("transitions").asLong(-2));
        }
    }
}
