package org.vrrpd.lab.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The life of table {@code inet vrrpd}: a SIGKILL leaves it behind (with the VIP still filtered, as the VIP is
 * still on the host), the restart replaces it whole; a clean stop removes it; and it lives next to an operator's
 * own table and keepalived's table on the same host without touching them.
 */
@Tag("lab")
class FilterTableLabTest {

    @BeforeAll
    static void needsLab() throws Exception {
        assumeTrue(Lab.available(), "needs root and iproute2");
        assumeTrue(new ProcessBuilder("nft", "--version").start().waitFor() == 0, "needs nft to inspect the table");
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void sigkill_shouldLeaveTheTableBehind_andTheRestartReplaceIt(Variant v) throws Exception {
        try (FilterLab f = new FilterLab(v); VrrpdNode r1 = f.vrrpd(1, 200, null); VrrpdNode r2 = f.vrrpd(2, 100, null)) {
            f.awaitState(r1, "MASTER");
            Poll.until("VIP filtered on r1", FilterLab.SETTLE, () -> f.table(1).contains(v.vip()));

            r1.process().signal("KILL");
            Poll.until("r1 gone", FilterLab.SETTLE, () -> !r1.process().isAlive());
            assertTrue(f.table(1).contains(v.vip()), "a killed run leaves its table:\n" + f.table(1));
            // something only a stale table can hold, to see that the restart replaces the table whole
            String stale = v.ipv6 ? "2001:db8::77" : "192.0.2.77";
            f.lab.exec("r1", "nft", "add element inet vrrpd " + (v.ipv6 ? "vips6" : "vips4") + " { " + stale + " }");
            assertTrue(f.table(1).contains(stale));

            r1.restart();
            Poll.until("stale table replaced", FilterLab.SETTLE, () -> !f.table(1).contains(stale)
                    && f.table(1).contains("chain input"));
            assertEquals(1, count(f.lab.exec("r1", "nft", "list", "tables"), "table inet vrrpd"));
            f.awaitState(r1, "MASTER");
            Poll.until("VIP filtered again", FilterLab.SETTLE, () -> f.table(1).contains(v.vip()));
            assertTrue(f.probe(v.vip(), "tcp").startsWith("fail"), "the restarted Master refuses TCP to the VIP");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"V3_IPV4", "V3_IPV6"})
    void cleanStop_shouldRemoveTheTable(Variant v) throws Exception {
        try (FilterLab f = new FilterLab(v); VrrpdNode r1 = f.vrrpd(1, 200, null)) {
            f.awaitState(r1, "MASTER");
            Poll.until("VIP filtered on r1", FilterLab.SETTLE, () -> f.table(1).contains(v.vip()));
            r1.process().signal("TERM");
            assertEquals(0, r1.process().waitForExit(Duration.ofSeconds(20)));
            assertEquals("", f.table(1), "no table after a clean stop");
        }
    }

    @Test
    void operatorsTableAndKeepalivedsTable_shouldCoexistWithOurs_untouched() throws Exception {
        Variant v = Variant.V3_IPV4;
        try (FilterLab f = new FilterLab(v)) {
            // the operator's own ruleset: a filter table at the usual priority that accepts everything it sees
            f.lab.exec("r1", "nft", "add table inet filter");
            f.lab.exec("r1", "nft", "add chain inet filter input { type filter hook input priority 0; policy accept; }");
            f.lab.exec("r1", "nft", "add rule inet filter input tcp dport 22 accept");
            f.lab.exec("r1", "nft", "add rule inet filter input ip daddr 192.0.2.0/24 accept");
            String operator = f.lab.exec("r1", "nft", "list", "table", "inet", "filter");
            // keepalived on the same host, another VRID, enforcing its own no_accept with its own table
            f.lab.writeFile("r1-keepalived.conf", String.join("\n",
                    "global_defs {", "  router_id r1", "  vrrp_version 3", "  nftables keepalived", "}",
                    "vrrp_instance K {", "  state BACKUP", "  interface eth0", "  virtual_router_id 43",
                    "  priority 200", "  advert_int 1", "  no_accept", "  virtual_ipaddress {",
                    "    192.0.2.150/24 dev eth0", "  }", "}", ""));
            LabProcess keepalived = f.lab.spawn("r1", "r1-keepalived", List.of("keepalived", "--dont-fork",
                    "--log-console", "--log-detail", "--vrrp", "--use-file=" + f.lab.file("r1-keepalived.conf"),
                    "--pid=" + f.lab.file("r1-keepalived.pid"), "--vrrp_pid=" + f.lab.file("r1-keepalived-vrrp.pid")));
            Poll.until("keepalived's table with its VIP", Duration.ofSeconds(30), () -> keepalived.isAlive()
                    && f.lab.exec("r1", "nft", "list", "ruleset").contains("192.0.2.150"));
            String keepalivedTable = f.lab.exec("r1", "nft", "list", "table", "ip", "keepalived");

            try (VrrpdNode r1 = f.vrrpd(1, 200, null)) {
                f.awaitState(r1, "MASTER");
                Poll.until("our VIP filtered", FilterLab.SETTLE, () -> f.table(1).contains(v.vip()));
                assertTrue(f.probe(v.vip(), "tcp").startsWith("fail"), "ours drops despite the operator's accept");
                assertTrue(f.probe("192.0.2.150", "tcp").startsWith("fail"), "keepalived's no_accept still holds");
                assertEquals("ok", f.probe(v.hostAddress(1), "tcp"), "r1's own address is served by all three");
                assertEquals(operator, f.lab.exec("r1", "nft", "list", "table", "inet", "filter"));
                assertEquals(keepalivedTable, f.lab.exec("r1", "nft", "list", "table", "ip", "keepalived"));
                r1.process().signal("TERM");
                assertEquals(0, r1.process().waitForExit(Duration.ofSeconds(20)));
            }
            assertEquals("", f.table(1));
            assertEquals(operator, f.lab.exec("r1", "nft", "list", "table", "inet", "filter"), "operator's table");
            assertEquals(keepalivedTable, f.lab.exec("r1", "nft", "list", "table", "ip", "keepalived"));
            assertFalse(f.probe("192.0.2.150", "tcp").equals("ok"));
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
