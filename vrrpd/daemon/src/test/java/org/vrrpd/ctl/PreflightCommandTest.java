package org.vrrpd.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.status.InstancePreflight;
import org.vrrpd.status.PeerStatus;
import org.vrrpd.status.PreflightReply;

/** The text of {@code vrrpctl preflight}. */
class PreflightCommandTest {

    private static InstancePreflight mail(List<PeerStatus> peers, String hold) {
        return new InstancePreflight("mail", 51, 3, "none", 1000, "pseudo-header", List.of("192.0.2.10"), 3000,
                "warn", hold, peers);
    }

    private static PeerStatus peer(boolean compatible, boolean left, List<String> differences) {
        return new PeerStatus("192.0.2.11", 3, left ? 0 : 150, "none", true, 1000, "pseudo-header",
                List.of("192.0.2.10"), 4, 200, null, compatible, left, differences);
    }

    @Test
    void noPeer_shouldSayThisNodeWouldBeAlone() {
        String text = PreflightCommand.render(new PreflightReply(List.of(mail(List.of(), null))));
        assertTrue(text.startsWith("mail: VRID 51, VRRPv3, auth none, advert 1.0s, checksum pseudo-header, vips"
                + " 192.0.2.10; on_incompatible warn\n"), text);
        assertTrue(text.contains("no peer heard in 3.0s (this node would be the only router on VRID 51)"), text);
        assertFalse(new PreflightReply(List.of(mail(List.of(), null))).incompatible());
    }

    @Test
    void compatiblePeer_shouldBeListed_withoutDifferences() {
        PreflightReply reply = new PreflightReply(List.of(mail(List.of(peer(true, false, List.of())), null)));
        String text = PreflightCommand.render(reply);
        assertTrue(text.contains("192.0.2.11  v3       150       none"), text);
        assertTrue(text.contains("compatible\n"), text);
        assertFalse(reply.incompatible());
    }

    @Test
    void peerThatLeft_shouldNotCountAsIncompatible() {
        PreflightReply reply = new PreflightReply(List.of(mail(List.of(peer(false, true,
                List.of("advertises VIPs 192.0.2.20, this instance 192.0.2.10; set the same vips"))), null)));
        assertTrue(PreflightCommand.render(reply).contains("left (priority 0)"));
        assertFalse(reply.incompatible());
    }

    @Test
    void incompatiblePeer_shouldMakeTheReplyIncompatible() {
        PreflightReply reply = new PreflightReply(List.of(mail(List.of(peer(false, false, List.of("x; y"))), null)));
        assertTrue(reply.incompatible());
        assertTrue(PreflightCommand.render(reply).contains("    192.0.2.11: x; y\n"));
    }

    @Test
    void noInstance_shouldSaySo() {
        assertEquals("no instances configured\n", PreflightCommand.render(new PreflightReply(List.of())));
    }
}
