package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;
import static org.vrrpd.lab.interop.KeepalivedPeer.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.KeepalivedNode;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The migration trap for IPv6: a typical keepalived 2.2.7 IPv6 instance lists only its global VIP
 * ({@code virtual_ipaddress { 2001:db8::100/64 }}; keepalived requires a link-local first VIP only under
 * {@code vrrp_strict}, and {@code native_ipv6} is deprecated and not needed: the VIPs decide the family). vrrpd
 * requires the link-local VIP first (RFC 9568 §5.2.9) and drops keepalived's adverts as
 * {@code ipv6_first_not_link_local}; keepalived in turn drops ours because the address count differs from its
 * list ("received an unexpected ip number count 2, expected 1!", {@code addr_list_err}). Both become Master.
 * The fix is on the keepalived side before migrating: list {@code fe80::<vrid in hex>/64} first, as
 * {@link KeepalivedInteropLabTest} does.
 */
@Tag("lab")
class KeepalivedIpv6VipListLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithKeepalived(), "needs root, iproute2, tcpdump and keepalived");
    }

    @Test
    void keepalivedIpv6WithoutLinkLocalVip_andVrrpd_shouldDropEachOthersAdverts_leavingBothMaster() throws Exception {
        Variant v = Variant.V3_IPV6;
        KeepalivedNode.Settings s = Routers.keepalivedSettings(v, 1, 200);
        KeepalivedNode.Settings globalOnly = new KeepalivedNode.Settings(s.name(), s.iface(), s.vrid(), s.version(),
                s.priority(), s.advertInt(), List.of(v.vipCidr()), s.nopreempt(), s.v3ChecksumAsV2(),
                s.unicastSrc(), s.unicastPeers(), s.extraInstanceLines());
        try (Routers p = Routers.of(v).withClient().build(); KeepalivedPeer k1 = KeepalivedPeer.start(p.lab, "r1", globalOnly)) {
            awaitState(k1, KeepalivedPeer.STATE_MASTER, SETTLE);
            try (VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(r2, "MASTER", SETTLE);
                Poll.until("VIP on both routers", SETTLE, () -> p.hasVip(1) && p.hasVip(2));
                Poll.until("keepalived dropping our adverts", SETTLE, KeepalivedPeer.POLL,
                        () -> k1.instance().path("stats").path("addr_list_err").asLong() >= 1);
                // a lasting split brain: still so after two more seconds of our adverts
                long sent = r2.instance(Routers.NAME).path("counters").path("advertsSent").asLong();
                Poll.until("two more seconds of r2 adverts", SETTLE, () -> r2.instance(Routers.NAME)
                        .path("counters").path("advertsSent").asLong() >= sent + Interop.advertsInTwoSeconds(v));
                assertEquals("MASTER", r2.state(Routers.NAME));

                JsonNode st = r2.instance(Routers.NAME);
                assertEquals(0, st.path("counters").path("advertsReceived").asLong(), st.toString());
                assertTrue(st.path("counters").path("drops").path("ipv6_first_not_link_local").asLong() >= 1,
                        st.toString());
                JsonNode k = k1.instance();
                assertEquals(KeepalivedPeer.STATE_MASTER, k.path("data").path("state").asInt());
                assertEquals(0, k.path("stats").path("advert_rcvd").asLong(), k.toString());
                assertTrue(k1.process().logText().contains("(vi) received an unexpected ip number count 2, expected 1!"),
                        k1.logs());
                assertTrue(p.hasVip(1) && p.hasVip(2), "VIP not on both");
                System.out.printf("[IPv6 VIP lists] vrrpd dropped %d keepalived adverts (ipv6_first_not_link_local);"
                                + " keepalived counted %d addr_list_err; both Master%n",
                        st.path("counters").path("drops").path("ipv6_first_not_link_local").asLong(),
                        k.path("stats").path("addr_list_err").asLong());
            }
        }
    }
}
