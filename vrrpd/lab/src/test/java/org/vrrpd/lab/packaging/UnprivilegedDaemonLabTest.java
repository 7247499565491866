package org.vrrpd.lab.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Capture;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The packaged way of running vrrpd: an unprivileged user holding only CAP_NET_RAW and CAP_NET_ADMIN, with the
 * bounding set cut to those two (the systemd unit's AmbientCapabilities= and CapabilityBoundingSet=), started
 * here with setpriv as nobody. It must run with exactly those two capabilities effective, elect, take the VIP
 * over from a peer, send gratuitous ARPs, talk sd_notify (READY, WATCHDOG, RELOADING, STOPPING) and hand the VIP
 * back on SIGTERM; without the capabilities it must exit 3 naming each missing one.
 */
@Tag("lab")
class UnprivilegedDaemonLabTest {

    private static final String NAME = Routers.NAME;
    private static final int VRID = Routers.VRID;
    private static final Variant V = Variant.V3_IPV4;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final long NOBODY = 65534;

    @BeforeAll
    static void needsLab() throws Exception {
        assumeTrue(Lab.available(), "needs root and iproute2");
        assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0, "needs setpriv (util-linux)");
    }

    @Test
    void nobodyWithNetRawAndNetAdmin_shouldElectTakeTheVipSendGarpsNotifyAndHandBack() throws Exception {
        try (Routers routers = Routers.of(V).build()) {
            Lab lab = routers.lab;
            Capture capture = routers.capture;
            try (VrrpdNode r2 = routers.vrrpd(2, 100, null);
                    UnprivilegedVrrpd r1 = UnprivilegedVrrpd.prepare();
                    NotifyReceiver systemd = new NotifyReceiver(r1.dir().resolve("run").resolve("notify"))) {
                Poll.until("r2 MASTER with the VIP", SETTLE,
                        () -> "MASTER".equals(r2.state(NAME)) && lab.hasAddress("r2", "eth0", V.vip()));

                LabProcess p = r1.start(lab, "r1", routers.instance(1, 200, null),
                        UnprivilegedVrrpd.NET_CAPS,
                        Map.of("NOTIFY_SOCKET", systemd.path().toString(), "WATCHDOG_USEC", "1000000"));
                Poll.until("READY=1 from r1", SETTLE, () -> {
                    assertTrue(p.isAlive(), () -> "r1 exited: " + p.logText());
                    return systemd.count("READY=1") >= 1;
                });
                String status = Files.readString(Path.of("/proc", Long.toString(p.pid()), "status"));
                assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+" + NOBODY + "\\s+" + NOBODY + ".*")),
                        status);
                assertTrue(status.lines().anyMatch(l -> l.equals("CapEff:\t0000000000003000")),
                        "only CAP_NET_RAW and CAP_NET_ADMIN effective: " + status);

                Poll.until("VIP moved to r1 (unprivileged)", SETTLE, () -> "MASTER".equals(r1.state(NAME))
                        && lab.hasAddress("r1", "eth0", V.vip()) && !lab.hasAddress("r2", "eth0", V.vip()));
                // accept_mode false: CAP_NET_ADMIN is enough for the daemon's own nf_tables table
                assertTrue(lab.exec("r1", "nft", "list", "table", "inet", "vrrpd").contains(V.vip()),
                        "r1 filters its VIP (unprivileged)");
                InetAddress vip = InetAddress.getByName(V.vip());
                Poll.until("gratuitous ARP for the VIP from r1", SETTLE, () -> capture.frames().stream()
                        .anyMatch(f -> f.isArp() && f.arpSenderIp().equals(vip)
                                && f.sourceMac()[5] == 1));
                Poll.until("two watchdog pings", SETTLE, () -> systemd.count("WATCHDOG=1") >= 2);
                assertTrue(systemd.messages().stream().anyMatch(m -> m.contains("STATUS=1 instance(s): vi=MASTER")),
                        () -> "status line: " + systemd.messages());

                p.signal("HUP");
                try {
                    Poll.until("RELOADING=1 then READY=1", SETTLE, () -> {
                        assertTrue(p.isAlive(), () -> "r1 exited after SIGHUP: " + p.logText());
                        return systemd.count("READY=1") >= 2;
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; notifications " + systemd.messages()
                            + "; r1's log:\n" + p.logText(), e);
                }
                String reloading = systemd.messages().stream().filter(m -> m.startsWith("RELOADING=1")).findFirst()
                        .orElseThrow();
                assertTrue(reloading.lines().anyMatch(l -> l.matches("MONOTONIC_USEC=\\d+")), reloading);

                p.signal("TERM");
                assertEquals(0, p.waitForExit(Duration.ofSeconds(15)), p.logText());
                assertEquals(1, systemd.count("STOPPING=1"), () -> systemd.messages().toString());
                assertFalse(lab.hasAddress("r1", "eth0", V.vip()), "r1 removed its VIP on stop");
                assertFalse(lab.exec("r1", "nft", "list", "tables").contains("inet vrrpd"), "and its table");
                Poll.until("VIP back on r2", SETTLE, () -> lab.hasAddress("r2", "eth0", V.vip()));
            }
        }
    }

    @Test
    void nobodyWithoutCapabilities_shouldExit3NamingBothMissingCapabilities() throws Exception {
        String log = runExpectingExit3(UnprivilegedVrrpd.NO_CAPS);
        assertTrue(log.contains("vrrpd: cannot start: missing capability CAP_NET_RAW"), log);
        assertTrue(log.contains("CAP_NET_ADMIN"), log);
    }

    @Test
    void nobodyWithOnlyNetRaw_shouldExit3NamingCapNetAdmin() throws Exception {
        String log = runExpectingExit3(UnprivilegedVrrpd.ONLY_NET_RAW);
        assertTrue(log.contains("vrrpd: cannot start: missing capability CAP_NET_ADMIN"), log);
        assertFalse(log.contains("missing capability CAP_NET_RAW"), log);
    }

    private static String runExpectingExit3(List<String> caps) throws Exception {
        try (Lab lab = Lab.create(); UnprivilegedVrrpd r1 = UnprivilegedVrrpd.prepare()) {
            lab.addHost("r1", V.hostCidr(1), null);
            LabProcess p = r1.start(lab, "r1", V.vrrpdInstance(NAME, VRID, 200, 1, new int[] {2}, null), caps,
                    Map.of());
            assertEquals(3, p.waitForExit(Duration.ofSeconds(30)), p.logText());
            assertFalse(lab.hasAddress("r1", "eth0", V.vip()));
            return p.logText();
        }
    }
}
