package org.vrrpd.lab.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * {@code vrrp_guard: true}: adverts from a host that is not a configured unicast peer are dropped in the kernel
 * and counted, so a rogue router with a higher priority never takes the VIP. Without the guard the same adverts
 * reach the daemon (which drops them as unknown_peer); a reload turns the guard on.
 */
@Tag("lab")
class VrrpGuardLabTest {

    static final String GUARD = "  vrrp_guard: true\n";

    @BeforeAll
    static void needsLab() throws Exception {
        assumeTrue(Lab.available(), "needs root and iproute2");
        assumeTrue(new ProcessBuilder("nft", "--version").start().waitFor() == 0, "needs nft to inspect the table");
    }

    /** A unicast instance of host {@code self} towards {@code peer}, at {@code priority}, with its own VIP. */
    static String unicast(Variant v, int self, int peer, int priority, String vip) {
        return "  - name: " + FilterLab.NAME + "\n    interface: eth0\n    vrid: " + FilterLab.VRID
                + "\n    priority: " + priority + "\n    advert_interval: 200ms\n    accept_mode: true\n"
                + "    vips: [" + (v.ipv6 ? "fe80::2a/64, " : "") + vip + "]\n"
                + "    unicast_source: " + v.hostAddress(self) + "\n    unicast_peers: [" + v.hostAddress(peer) + "]\n";
    }

    private static long unknownPeer(VrrpdNode node) {
        return node.instance(FilterLab.NAME).path("counters").path("drops").path("unknown_peer").asLong(0);
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void advertsFromANonPeer_shouldBeDroppedInTheKernelAndCounted_andNeverMoveTheVip(Variant v) throws Exception {
        String vip = v.ipv6 ? "2001:db8::100/64" : "192.0.2.100/24";
        String rogueVip = v.ipv6 ? "2001:db8::123/64" : "192.0.2.123/24";
        try (FilterLab f = new FilterLab(v);
             VrrpdNode r1 = VrrpdNode.start(f.lab, "r1", "", unicast(v, 1, 2, 150, vip));
             VrrpdNode r2 = VrrpdNode.start(f.lab, "r2", GUARD, unicast(v, 2, 1, 100, vip))) {
            f.awaitState(r1, "MASTER");
            f.awaitState(r2, "BACKUP");
            // the client, not a peer of anyone, advertises priority 254 to r1
            try (VrrpdNode rogue = VrrpdNode.start(f.lab, "client", "", unicast(v, 3, 1, 254, rogueVip))) {
                Poll.until("r1 sees the rogue's adverts in user space (no guard)", FilterLab.SETTLE,
                        () -> unknownPeer(r1) >= 5);
                assertEquals("MASTER", r1.state(FilterLab.NAME), "the daemon ignored them (unknown_peer)");

                r1.rewrite(GUARD, unicast(v, 1, 2, 150, vip));
                r1.call("reload", null);
                JsonNode before = FilterLab.filter(r1);
                assertTrue(before.path("vrrpGuard").asBoolean(), before.toString());
                long seen = unknownPeer(r1);
                Poll.until("guard drops counted", FilterLab.SETTLE,
                        () -> FilterLab.filter(r1).path("guardDrops").asLong() >= 10);
                assertTrue(unknownPeer(r1) <= seen + 1, "no more rogue adverts reach the daemon: " + unknownPeer(r1)
                        + " after " + seen);
                assertEquals("MASTER", r1.state(FilterLab.NAME));
                assertTrue(f.hasVip(1), "the VIP stayed on r1");
                assertEquals("BACKUP", r2.state(FilterLab.NAME), "the peer's adverts still pass the guard");
                assertTrue(f.table(1).contains("vrrp_guard_drops"), f.table(1));
            }
            // the peer still counts nothing from r1: its adverts come from a configured peer
            assertEquals(0, FilterLab.filter(r2).path("guardDrops").asLong(), FilterLab.filter(r2).toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void multicastPair_withTheGuard_shouldElectAsUsual_andDropNothing(Variant v) throws Exception {
        try (FilterLab f = new FilterLab(v);
             VrrpdNode r1 = VrrpdNode.start(f.lab, "r1", GUARD, f.instance(1, 200, null));
             VrrpdNode r2 = VrrpdNode.start(f.lab, "r2", GUARD, f.instance(2, 100, null))) {
            f.awaitState(r1, "MASTER");
            f.awaitState(r2, "BACKUP");
            long heard = r2.instance(FilterLab.NAME).path("counters").path("advertsReceived").asLong();
            Poll.until("r2 keeps hearing r1 through the guard (TTL 255 on an interface with an instance)",
                    FilterLab.SETTLE, () -> r2.instance(FilterLab.NAME).path("counters").path("advertsReceived")
                            .asLong() >= heard + 10);
            assertEquals("BACKUP", r2.state(FilterLab.NAME));
            assertEquals(0, FilterLab.filter(r2).path("guardDrops").asLong(), FilterLab.filter(r2).toString());
            assertTrue(f.table(2).contains("vrrp_guard_drops"), f.table(2));
        }
    }

    @Test
    void vrrpOfAFamilyWithoutAnInstance_shouldBeDroppedAndCounted() throws Exception {
        try (FilterLab f = new FilterLab(Variant.V3_IPV4);
             VrrpdNode r1 = VrrpdNode.start(f.lab, "r1", GUARD, f.instance(1, 200, null))) {
            f.awaitState(r1, "MASTER");
            // r1 has IPv6 but no IPv6 instance; the client sends it IPv6 adverts (unicast: multicast to a group
            // r1 never joined would not reach its input hook at all)
            f.lab.run("ip", "-n", f.lab.ns("r1"), "addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad");
            f.lab.run("ip", "-n", f.lab.ns("client"), "addr", "add", "2001:db8::3/64", "dev", "eth0", "nodad");
            String v6 = "  - name: v6\n    interface: eth0\n    vrid: 7\n    advert_interval: 200ms\n"
                    + "    vips: [fe80::7/64, 2001:db8::107/64]\n"
                    + "    unicast_source: 2001:db8::3\n    unicast_peers: [2001:db8::1]\n";
            try (VrrpdNode client = VrrpdNode.start(f.lab, "client", v6)) {
                Poll.until("IPv6 adverts dropped and counted by r1's guard", FilterLab.SETTLE,
                        () -> FilterLab.filter(r1).path("guardDrops").asLong() >= 5);
            }
            assertEquals("MASTER", r1.state(FilterLab.NAME));
        }
    }
}
