package org.vrrpd.lab.mail;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.lab.mail.LiveChecks.map;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.CheckListener;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.check.runtime.CheckStatus;
import org.vrrpd.check.runtime.ScheduledCheck;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.net.NetworkNamespaces;

/**
 * Every built-in check against the mail lab's real services, run from inside mail01's network namespace: each
 * passes against the live service, fails within one interval plus its timeout once the service is stopped (by
 * its recorded pid), and passes again once it is restarted. The nfs check against the FUSE store: latency
 * follows an injected delay, a hang fails it by timeout with a bounded number of threads, and a plain directory
 * fails the mount-type test.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailChecksLabTest {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final long INTERVAL_NFS_NANOS = 100_000_000L;

    private MailLab lab;
    private Path secrets;
    private String ns;
    private String ip;

    @BeforeAll
    void up() throws Exception {
        lab = MailLab.up("mc");
        ns = lab.ns("mail01");
        ip = lab.get("LAB_MAIL01_IP4");
        secrets = Files.createTempDirectory("mailchecks");
    }

    @AfterAll
    void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (secrets != null) {
            try (var s = Files.walk(secrets)) {
                s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The checks an operator would configure on mail01, by name, as {type, yaml}. */
    private Map<String, Object[]> checks() throws Exception {
        String ca = lab.get("LAB_CA");
        String pw = LiveChecks.secretFile(secrets, "probe.secret", lab.get("LAB_PROBE_PASS")).toString();
        String user = lab.get("LAB_PROBE_USER");
        Map<String, Object[]> c = new LinkedHashMap<>();
        c.put("smtp25", new Object[] {"smtp", map("host", ip, "port", 25, "ehlo", "probe.lab.test",
                "expect_banner", "^mail.lab.test ESMTP")});
        c.put("smtp587", new Object[] {"smtp", map("host", ip, "port", 587, "tls", "starttls",
                "ehlo", "probe.lab.test", "ca_file", ca)});
        c.put("imap143", new Object[] {"imap", map("host", ip, "port", 143, "tls", "starttls", "user", user,
                "password_file", pw, "ca_file", ca, "mailbox", "INBOX")});
        c.put("imap993", new Object[] {"imap", map("host", ip, "port", 993, "tls", "implicit", "user", user,
                "password_file", pw, "ca_file", ca)});
        c.put("http80", new Object[] {"http", map("url", "http://" + ip + "/", "expect_status", List.of(200),
                "expect_body", "rcmloginuser")});
        c.put("https443", new Object[] {"http", map("url", "https://" + ip + "/", "expect_status", List.of(200),
                "expect_body", "rcmloginuser", "ca_file", ca)});
        c.put("nfs", new Object[] {"nfs", map("directory", lab.get("LAB_MAIL01_VMAIL"), "max_latency", "1s",
                "fs_types", List.of(lab.get("LAB_STORE_FSTYPE")))});
        c.put("tcp25", new Object[] {"tcp", map("host", ip, "port", 25)});
        c.put("dovecot-process", new Object[] {"process", map("name", "dovecot-process", "process",
                "dovecot -F -c " + lab.get("LAB_MAIL01_DOVECOT_CONF"))});
        return c;
    }

    private CheckResult runIn(String type, Map<String, Object> yaml) throws Exception {
        return runIn(type, yaml, Duration.ofSeconds(5));
    }

    private CheckResult runIn(String type, Map<String, Object> yaml, Duration deadline) throws Exception {
        return NetworkNamespaces.call(ns, () -> {
            try (Check check = LiveChecks.create(type, yaml)) {
                return LiveChecks.runOnce(check, deadline);
            }
        });
    }

    @Test
    @Order(1)
    void everyBuiltinCheck_shouldPass_againstTheLiveServicesOfMail01() throws Exception {
        List<String> failures = new ArrayList<>();
        for (var e : checks().entrySet()) {
            CheckResult r = runIn((String) e.getValue()[0], cast(e.getValue()[1]));
            System.out.printf("%-16s %-4s %7.1f ms  %s%n", e.getKey(), r.up() ? "UP" : "DOWN",
                    r.latency().toNanos() / 1e6, r.message());
            if (!r.up()) {
                failures.add(e.getKey() + ": " + r.message());
            }
        }
        assertTrue(failures.isEmpty(), "checks failing against live services: " + failures);
    }

    @Test
    @Order(2)
    void nfsCheck_latency_shouldTrackTheInjectedStoreDelay() throws Exception {
        Map<String, Object> yaml = map("directory", lab.get("LAB_MAIL01_VMAIL"), "max_latency", "5s",
                "fs_types", List.of(lab.get("LAB_STORE_FSTYPE")));
        long[] delays = {0, 50, 200};
        double[] medians = new double[delays.length];
        try {
            for (int i = 0; i < delays.length; i++) {
                lab.script("storectl", "mail01", "delay_ms", Long.toString(delays[i]));
                double[] ms = new double[3];
                for (int k = 0; k < ms.length; k++) {
                    CheckResult r = runIn("nfs", yaml);
                    assertTrue(r.up(), "delay " + delays[i] + " ms: " + r.message());
                    ms[k] = r.latency().toNanos() / 1e6;
                }
                Arrays.sort(ms);
                medians[i] = ms[ms.length / 2];
                System.out.printf("nfs check, store delay_ms %3d: median %.1f ms (runs %s)%n", delays[i], medians[i],
                        Arrays.toString(ms));
            }
            assertTrue(medians[1] >= 50, "a 50 ms store delay shows in the check's latency: " + medians[1]);
            assertTrue(medians[2] >= 200, "a 200 ms store delay shows in the check's latency: " + medians[2]);
            assertTrue(medians[0] < medians[1] && medians[1] < medians[2],
                    "latency grows with the delay: " + Arrays.toString(medians));
            // Each delayed store operation costs the delay: the added latency scales with it (200/50 = 4).
            double ratio = (medians[2] - medians[0]) / (medians[1] - medians[0]);
            System.out.printf("nfs check: about %.1f delayed store operations per probe; added latency 200 ms vs"
                    + " 50 ms: x%.2f%n", (medians[2] - medians[0]) / 200.0, ratio);
            assertTrue(ratio > 3 && ratio < 6, "added latency scales with the delay: " + Arrays.toString(medians));

            CheckResult slow = runIn("nfs", map("directory", lab.get("LAB_MAIL01_VMAIL"), "max_latency", "150ms",
                    "fs_types", List.of(lab.get("LAB_STORE_FSTYPE"))));
            System.out.println("nfs check, delay 200 ms, max_latency 150ms: " + slow.message());
            assertFalse(slow.up(), "a probe slower than max_latency is down");
        } finally {
            lab.script("storectl", "mail01", "reset");
        }
    }

    @Test
    @Order(3)
    void nfsCheck_shouldFailByTimeout_onAHungStore_withABoundedNumberOfThreads() throws Exception {
        Map<String, Object> yaml = map("name", "nfs", "directory", lab.get("LAB_MAIL01_VMAIL"),
                "fs_types", List.of(lab.get("LAB_STORE_FSTYPE")), "interval", "100ms", "timeout", "100ms",
                "max_latency", "100ms");
        var threads = ManagementFactory.getThreadMXBean();
        try {
            lab.script("storectl", "mail01", "hang", "on");
            long t0 = System.nanoTime();
            CheckResult once = runIn("nfs", map("directory", lab.get("LAB_MAIL01_VMAIL"), "timeout", "1s",
                    "fs_types", List.of(lab.get("LAB_STORE_FSTYPE"))), Duration.ofSeconds(1));
            double took = (System.nanoTime() - t0) / 1e6;
            System.out.printf("nfs check on a hung store: %s after %.0f ms (timeout 1 s)%n", once.message(), took);
            assertFalse(once.up());
            assertTrue(once.message().contains("did not finish within") // timeout 1 s = default max_latency
                    || once.message().contains("not done within max_latency"), once.message());
            assertTrue(took < 1000 + 500, "fails at its timeout, not later: " + took);

            int before = threads.getThreadCount();
            int max = before;
            ScheduledCheck sc = LiveChecks.scheduled("nfs", yaml);
            CheckScheduler s = NetworkNamespaces.call(ns, () -> {
                CheckScheduler sched = CheckScheduler.withThreads("mailnfs", List.of(sc), st -> { });
                sched.start();
                return sched;
            });
            try (s) {
                long end = System.nanoTime() + 100 * INTERVAL_NFS_NANOS;
                int samples = 0;
                while (System.nanoTime() < end) {
                    max = Math.max(max, threads.getThreadCount());
                    samples++;
                    Thread.sleep(20); // sampling period, not a wait for a condition
                }
                CheckStatus st = s.statuses().get(0);
                System.out.printf("hung store, 100 intervals of 100 ms: threads before %d, max %d (%d samples);"
                        + " check %s, %d failures, last: %s%n", before, max, samples, st.up() ? "UP" : "DOWN",
                        st.failures(), st.lastResult().message());
                assertFalse(st.up(), "the check is down while the store hangs");
                assertTrue(max - before <= 4, "threads stay bounded (timer, one worker, one probe): before "
                        + before + ", max " + max);
            }
        } finally {
            lab.script("storectl", "mail01", "hang", "off");
        }
        Poll.until("nfs check up again after the hang is released", Duration.ofSeconds(10), Duration.ofMillis(200),
                () -> runIn("nfs", map("directory", lab.get("LAB_MAIL01_VMAIL"),
                        "fs_types", List.of(lab.get("LAB_STORE_FSTYPE")))).up());
    }

    @Test
    @Order(4)
    void nfsCheck_shouldFailTheMountTypeTest_onAPlainDirectory() throws Exception {
        Path plain = Files.createDirectories(Path.of("/srv/" + lab.prefix() + "mail01/unmounted"));
        CheckResult r = runIn("nfs", map("directory", plain.toString(),
                "fs_types", List.of(lab.get("LAB_STORE_FSTYPE"))));
        System.out.println("nfs check on a plain directory: " + r.message());
        assertFalse(r.up());
        assertTrue(r.message().contains("is the share mounted?") && r.message().contains("fuse.vrrpdstore"),
                r.message());
    }

    @Test
    @Order(5)
    void smtpTcpChecks_shouldFailWithinIntervalPlusTimeout_whenPostfixStops() throws Exception {
        stopAndRestart("postfix", 25, "smtp25", "smtp587", "tcp25");
    }

    @Test
    @Order(6)
    void imapAndProcessChecks_shouldFailWithinIntervalPlusTimeout_whenDovecotStops() throws Exception {
        stopAndRestart("dovecot", 993, "imap143", "imap993", "dovecot-process");
    }

    @Test
    @Order(7)
    void httpChecks_shouldFailWithinIntervalPlusTimeout_whenNginxStops() throws Exception {
        stopAndRestart("nginx", 443, "http80", "https443");
    }

    private void stopAndRestart(String service, int port, String... names) throws Exception {
        Map<String, Object[]> all = checks();
        List<ScheduledCheck> list = new ArrayList<>();
        for (String n : names) {
            Map<String, Object> yaml = new LinkedHashMap<>(cast(all.get(n)[1]));
            yaml.put("name", n);
            yaml.put("interval", INTERVAL.toMillis() + "ms");
            yaml.put("timeout", TIMEOUT.toMillis() + "ms");
            list.add(LiveChecks.scheduled((String) all.get(n)[0], yaml));
        }
        Map<String, Long> downAt = new ConcurrentHashMap<>();
        AtomicBoolean armed = new AtomicBoolean();
        CheckListener listener = status -> {
            if (armed.get() && !status.up()) {
                downAt.putIfAbsent(status.name(), System.nanoTime());
            }
        };
        CheckScheduler s = NetworkNamespaces.call(ns, () -> {
            CheckScheduler sched = CheckScheduler.withThreads(service, list, listener);
            sched.start();
            return sched;
        });
        try (s) {
            Poll.until("every " + service + " check up", Duration.ofSeconds(10), () ->
                    s.statuses().stream().allMatch(CheckStatus::up));
            armed.set(true);
            long signalled = System.nanoTime();
            lab.stop("mail01", service);
            long gone = System.nanoTime();
            Poll.until("every " + service + " check down", INTERVAL.plus(TIMEOUT).multipliedBy(4), Duration.ofMillis(5),
                    () -> downAt.size() == names.length);
            long bound = INTERVAL.plus(TIMEOUT).toMillis();
            System.out.printf("%s: SIGTERM to the master, process gone after %.0f ms%n", service,
                    (gone - signalled) / 1e6);
            for (CheckStatus st : s.statuses()) {
                double afterSignal = (downAt.get(st.name()) - signalled) / 1e6;
                double afterGone = (downAt.get(st.name()) - gone) / 1e6;
                System.out.printf("%s stopped: %-16s DOWN %5.0f ms after SIGTERM (%5.0f ms after exit)  %s%n",
                        service, st.name(), afterSignal, afterGone, st.lastResult().message());
                assertFalse(st.lastResult().message().isBlank(), st.name() + " says why it is down");
                assertTrue(afterGone <= bound + 250, st.name() + " down within interval + timeout of " + service
                        + " exiting (+250 ms scheduling slack): " + afterGone + " ms");
            }
            lab.start("mail01", service, port);
            Poll.until("every " + service + " check up again after the restart", Duration.ofSeconds(15), () ->
                    s.statuses().stream().allMatch(CheckStatus::up));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }
}
