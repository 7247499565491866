package org.vrrpd.lab.mail;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.vrrpd.lab.fixture.Poll;

/**
 * A mail cluster half on keepalived 2.2 (Debian's, with the lab's {@code check-node} shell check: interval 1 s,
 * fall 2, rise 2, FAULT while down) and half on vrrpd (checks every 1 s, fall 1, weight -60), both ways round,
 * as during a rolling migration. A stopped Postfix on mail01 moves the VIP to mail02 either way, and mail01 takes
 * it back once Postfix runs again. Bounds: keepalived on mail01 needs fall 2 failed runs of its 1 s script, then
 * goes to FAULT (a priority-0 advert) and mail02 waits Skew_Time: under 4.5 s. vrrpd on mail01 advertises its
 * lowered priority within one check interval, but keepalived as the Backup discards a lower-priority advert
 * (RFC 9568 §6.4.2, preempt on) and takes over only when its Master_Down_Interval (3 x 1 s + 0.61 s) since the
 * last higher-priority advert expires: under 1 s + 3.61 s, bound 5 s.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixedClusterLabTest {

    static final long KEEPALIVED_MASTER_BOUND_MS = 4500;
    static final long KEEPALIVED_BACKUP_BOUND_MS = 5000;
    private static final Map<String, String> V4_ONLY = Map.of("VRRPD_V6", "0");

    private MailLab lab;
    private String vip;

    @BeforeAll
    void up() throws Exception {
        lab = MailLab.up("mx");
        vip = lab.get("LAB_VIP4");
    }

    @AfterAll
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    private void awaitVip(String node) {
        String other = node.equals("mail01") ? "mail02" : "mail01";
        Poll.until("VIP on " + node, Duration.ofSeconds(30), Duration.ofMillis(20),
                () -> lab.hasAddress(node, vip) && !lab.hasAddress(other, vip));
    }

    private void postfixFailoverAndBack(String label, long boundMs) throws Exception {
        awaitVip("mail01");
        Failover.measure(lab, label, () -> lab.signal("mail01", "postfix", "TERM"), "mail02", boundMs,
                boundMs + MailFailoverLabTest.OUTAGE_SLACK_MS);
        Poll.until("mail01 postfix gone", Duration.ofSeconds(10), () -> ProcessHandle.of(lab.pid("mail01", "postfix"))
                .map(h -> !h.isAlive()).orElse(true));
        long t0 = System.nanoTime();
        lab.start("mail01", "postfix", 25);
        awaitVip("mail01");
        System.out.printf("[scenario] %s: Postfix restored, mail01 holds the VIP again %.0f ms later%n", label,
                (System.nanoTime() - t0) / 1e6);
    }

    @Test
    @Order(1)
    void keepalivedMasterOnMail01_vrrpdBackupOnMail02_failOverAndBack() throws Exception {
        lab.script("keepalived", "start", "mail01");
        lab.script(V4_ONLY, "vrrpd", "start", "mail02");
        try {
            postfixFailoverAndBack("mixed: keepalived mail01 -> vrrpd mail02, Postfix stopped",
                    KEEPALIVED_MASTER_BOUND_MS);
        } finally {
            lab.script("keepalived", "stop", "mail01");
            lab.script("vrrpd", "stop", "mail02");
        }
    }

    @Test
    @Order(2)
    void vrrpdMasterOnMail01_keepalivedBackupOnMail02_failOverAndBack() throws Exception {
        lab.script(V4_ONLY, "vrrpd", "start", "mail01");
        lab.script("keepalived", "start", "mail02");
        try {
            postfixFailoverAndBack("mixed: vrrpd mail01 -> keepalived mail02, Postfix stopped",
                    KEEPALIVED_BACKUP_BOUND_MS);
        } finally {
            lab.script("vrrpd", "stop", "mail01");
            lab.script("keepalived", "stop", "mail02");
        }
    }
}
