package org.vrrpd.lab.mail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.vrrpd.lab.fixture.Poll;

/**
 * Measures one VIP move in a mail lab as the client sees it: probes run from the client's namespace
 * ({@link ClientProbes}), the fault is injected, the time until {@code to} holds the VIP is taken from the moment
 * of the fault, and each protocol's outage is the longest gap between two successful probes once the fault is in.
 */
final class Failover {

    /** What a fault or a restore does. */
    interface Action {
        void run() throws Exception;
    }

    /** The figures of one move. */
    record Figures(String label, double vipMoveMs, double smtpOutageMs, double imapOutageMs, double httpOutageMs) {
        double worstOutageMs() {
            return Math.max(smtpOutageMs, Math.max(imapOutageMs, httpOutageMs));
        }
    }

    private Failover() {
    }

    /**
     * Injects {@code fault}, waits until {@code to} holds the VIP (and no other mail node does), then until every
     * protocol answered again through the VIP; prints and returns the figures. Fails when the VIP move takes
     * longer than {@code vipBoundMs} or a protocol's outage exceeds {@code outageBoundMs}.
     */
    static Figures measure(MailLab lab, String label, Action fault, String to, long vipBoundMs, long outageBoundMs)
            throws Exception {
        String vip = lab.get("LAB_VIP4");
        String other = to.equals("mail01") ? "mail02" : "mail01";
        try (ClientProbes probes = ClientProbes.start(lab.ns("client"), vip)) {
            long warm = System.nanoTime();
            Poll.until("client probes answered through the VIP before " + label, Duration.ofSeconds(15),
                    () -> probes.allSucceededSince(warm));
            long t0 = System.nanoTime();
            fault.run();
            Poll.until("VIP on " + to + " after " + label, Duration.ofMillis(vipBoundMs * 4), Duration.ofMillis(10),
                    () -> lab.hasAddress(to, vip));
            double moved = (System.nanoTime() - t0) / 1e6;
            long movedAt = System.nanoTime();
            Poll.until("VIP gone from " + other + " after " + label, Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> !lab.hasAddress(other, vip) || label.contains("SIGKILL"));
            Poll.until("every protocol answering through the VIP after " + label, Duration.ofSeconds(20),
                    () -> probes.allSucceededSince(movedAt));
            // One more second of probes, so that a relapse would show up as a second gap.
            long settle = System.nanoTime();
            Poll.until("a second of probes after the move", Duration.ofSeconds(5),
                    () -> System.nanoTime() - settle > 1_000_000_000L && probes.allSucceededSince(settle));
            Figures f = new Figures(label, moved, probes.series().get("smtp").outageMs(t0),
                    probes.series().get("imap").outageMs(t0), probes.series().get("http").outageMs(t0));
            System.out.printf("[scenario] %s: VIP on %s after %.0f ms (bound %d ms)%n%s", label, to, moved,
                    vipBoundMs, probes.report(t0));
            assertTrue(moved < vipBoundMs, label + ": VIP moved in " + moved + " ms, bound " + vipBoundMs);
            assertTrue(f.worstOutageMs() < outageBoundMs, label + ": client-visible outage " + f
                    + ", bound " + outageBoundMs + " ms");
            return f;
        }
    }
}
