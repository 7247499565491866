package org.vrrpd.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * virtual_routes and virtual_rules against Linux: present on the Master only, moved by a failover, gone after a
 * clean stop.
 */
@Tag("lab")
class VirtualRoutesLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);
    static final String ROUTING = "    virtual_routes:\n"
            + "      - {to: 198.51.100.0/24, via: 192.0.2.254, table: 100}\n"
            + "    virtual_rules:\n"
            + "      - {from: 192.0.2.100/32, table: 100, priority: 1000}\n";

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    private static boolean hasRoute(Routers p, String host) throws Exception {
        // "table all": asking for table 100 fails while it does not exist
        return p.lab.exec(host, "ip", "route", "show", "table", "all").lines()
                .anyMatch(l -> l.startsWith("198.51.100.0/24 via 192.0.2.254 ") && l.contains(" table 100"));
    }

    private static boolean hasRule(Routers p, String host) throws Exception {
        return p.lab.exec(host, "ip", "rule", "show").contains("1000:\tfrom 192.0.2.100 lookup 100");
    }

    @Test
    void routesAndRules_shouldBeOnTheMasterOnly_andFollowAFailover() throws Exception {
        try (Routers p = Routers.of(Variant.V3_IPV4).build()) {
            try (VrrpdNode r1 = p.vrrpd(1, 200, ROUTING); VrrpdNode r2 = p.vrrpd(2, 100, ROUTING)) {
                awaitState(r1, "MASTER", SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
                Poll.until("route and rule on r1", SETTLE, () -> hasRoute(p, "r1") && hasRule(p, "r1"));
                assertFalse(hasRoute(p, "r2"), "route on the Backup");
                assertFalse(hasRule(p, "r2"), "rule on the Backup");

                r1.process().signal("TERM");
                r1.process().waitForExit(Duration.ofSeconds(10));
                awaitState(r2, "MASTER", SETTLE);
                Poll.until("route and rule on r2", SETTLE, () -> hasRoute(p, "r2") && hasRule(p, "r2"));
                assertFalse(hasRoute(p, "r1"), "route left on r1 after its clean stop");
                assertFalse(hasRule(p, "r1"), "rule left on r1 after its clean stop");

                r1.restart();
                awaitState(r1, "MASTER", SETTLE);
                Poll.until("route and rule back on r1 only", SETTLE, () -> hasRoute(p, "r1") && hasRule(p, "r1")
                        && !hasRoute(p, "r2") && !hasRule(p, "r2"));
                System.out.println("virtual_routes/rules followed the Master: r1 -> r2 -> r1");
            }
        }
    }
}
