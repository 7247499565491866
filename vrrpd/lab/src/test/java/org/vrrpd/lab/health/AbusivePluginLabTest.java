package org.vrrpd.lab.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.NAME;
import static org.vrrpd.lab.fixture.Routers.awaitState;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.VrrpdNode;
import org.vrrpd.lab.health.abuse.BombPlugin;
import org.vrrpd.lab.health.abuse.HangPlugin;
import org.vrrpd.lab.health.abuse.ThrowPlugin;

/**
 * Three abusive check plugins, each in its own JAR in a root-owned plugin directory: one throws on every run, one
 * hangs for ever ignoring interrupts, one starts threads that each allocate without bound. They run in plugin host
 * processes, so a Master advertising every 100 ms keeps its advert timing, each plugin's check goes down with its
 * reason, the bomb's host is restarted again and again while the other hosts and a built-in check carry on, and the
 * daemon's own heap and threads do not change. Runs twice: without and with a real-time protocol thread
 * ({@code -Dvrrpd.rt_priority=50}). Window {@code lab.abuse.seconds} (default 15 s = 150 intervals); the advert gap
 * bound asserted is {@code lab.abuse.toleranceMs} (default 50 ms, tolerant for a shared machine: the goal is 1 ms and
 * the figures are printed).
 */
@Tag("lab")
class AbusivePluginLabTest {

    static final Duration SETTLE = Duration.ofSeconds(30);
    static final double INTERVAL_MS = 100;

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    /** Packs the test plugin {@code factory} (its class and nested classes) with its own services entry. */
    static Path pluginJar(Class<?> factory, Path dest) throws IOException {
        Path classes = Path.of(factory.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = factory.getPackageName().replace('.', '/');
        Path dir = classes.resolve(pkg);
        try (OutputStream out = Files.newOutputStream(dest); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(factory.getSimpleName() + "."))
                    .sorted().toList()) {
                addEntry(jar, pkg + "/" + f.getFileName(), Files.readAllBytes(f));
            }
            try (Stream<Path> nested = Files.list(dir)) {
                for (Path f : nested.filter(f -> f.getFileName().toString().startsWith(factory.getSimpleName() + "$"))
                        .sorted().toList()) {
                    addEntry(jar, pkg + "/" + f.getFileName(), Files.readAllBytes(f));
                }
            }
            addEntry(jar, "META-INF/services/org.vrrpd.check.api.CheckFactory",
                    (factory.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-r--r--"));
        return dest;
    }

    private static void addEntry(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    /** The daemon's plugin hosts: JAR file name → pid, from the children's command lines. */
    static Map<String, Long> hosts(long daemonPid) {
        Map<String, Long> out = new HashMap<>();
        ProcessHandle.of(daemonPid).ifPresent(d -> d.children().forEach(c -> {
            try {
                String[] args = Files.readString(Path.of("/proc/" + c.pid() + "/cmdline")).split("\0");
                for (int i = 0; i + 1 < args.length; i++) {
                    if (args[i].equals("--jar")) {
                        out.put(Path.of(args[i + 1]).getFileName().toString(), c.pid());
                    }
                }
            } catch (IOException e) {
                // exited meanwhile
            }
        }));
        return out;
    }

    /** "nice N policy P" (P 0 = SCHED_OTHER, 1 FIFO, 2 RR) of every thread of {@code pid}. */
    static Set<String> niceValues(long pid) throws IOException {
        Set<String> out = new HashSet<>();
        Path dir = Path.of("/proc/" + pid + "/task");
        if (!Files.isDirectory(dir)) {
            return out; // that host has just died (the bomb's)
        }
        try (Stream<Path> tasks = Files.list(dir)) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.add("nice " + f[16] + " policy " + f[38]); // fields 19 and 41 of stat; f[0] is field 3
                } catch (IOException e) {
                    // thread ended
                }
            }
        }
        return out;
    }

    /** The names of {@code pid}'s threads whose scheduling policy is real-time (FIFO or RR). */
    static List<String> realtimeThreads(long pid) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (!f[38].equals("0")) {
                        out.add(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                    }
                } catch (IOException e) {
                    // thread ended
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Used heap (young + old, KiB) of the JVM {@code pid} after a full GC, from {@code jcmd}. */
    static long heapUsedKb(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher m = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(info);
        long used = 0;
        int found = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found++;
        }
        if (found == 0) {
            throw new IOException("no heap figures in: " + info);
        }
        return used;
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static double percentile(List<Double> sorted, double q) {
        return sorted.get((int) Math.floor(q * (sorted.size() - 1)));
    }

    @ParameterizedTest(name = "rt_priority {0}")
    @ValueSource(ints = {0, 50})
    void abusivePlugins_shouldGoDownWithTheirReasons_whileAdvertsKeepTheirTiming_andTheDaemonIsUntouched(int rt)
            throws Exception {
        int seconds = Integer.getInteger("lab.abuse.seconds", 15);
        double toleranceMs = Double.parseDouble(System.getProperty("lab.abuse.toleranceMs", "50"));
        try (Routers p = Routers.of(HealthStatus.V).vrid(HealthStatus.VRID).intervalMs(100).build()) {
            Path dir = Files.createDirectory(p.lab.file("plugins"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            pluginJar(ThrowPlugin.class, dir.resolve("abuse-throw.jar"));
            pluginJar(HangPlugin.class, dir.resolve("abuse-hang.jar"));
            pluginJar(BombPlugin.class, dir.resolve("abuse-bomb.jar"));
            String checks = "    checks:\n"
                    + "      - {type: abuse_throw, name: thrower, interval: 1s, weight: -10}\n"
                    + "      - {type: abuse_hang, name: hanger, interval: 1s, timeout: 500ms, weight: -20}\n"
                    + "      - {type: abuse_bomb, name: bomber, interval: 1s, timeout: 500ms, weight: -40}\n"
                    + "      - {type: process, name: jvm, process: java, interval: 1s, weight: 5}\n";
            String global = "  plugin_dir: " + dir + "\n  plugin_host: {heap: 64m, max_threads: 64, nice: 10}\n";
            List<String> jvm = rt == 0 ? List.of() : List.of("-Dvrrpd.rt_priority=" + rt);
            try (VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", global, p.instance(1, 200, checks), jvm);
                 VrrpdNode r2 = VrrpdNode.start(p.lab, "r2", "", p.instance(2, 100, null), jvm)) {
                long pid = r1.process().pid();
                awaitState(r1, "MASTER", SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
                Poll.until("thrower, hanger, bomber down and jvm up", SETTLE, () -> {
                    JsonNode t = HealthStatus.check(r1, "thrower");
                    JsonNode h = HealthStatus.check(r1, "hanger");
                    JsonNode b = HealthStatus.check(r1, "bomber");
                    JsonNode j = HealthStatus.check(r1, "jvm");
                    return t != null && h != null && b != null && j != null && t.path("lastRun").isTextual()
                            && h.path("lastRun").isTextual() && b.path("lastRun").isTextual()
                            && j.path("up").asBoolean();
                });
                Poll.until("effective 135", SETTLE, () -> HealthStatus.effective(r1) == 135);
                Poll.until("hosts of all three JARs", SETTLE, () -> hosts(pid).keySet()
                        .containsAll(List.of("abuse-throw.jar", "abuse-hang.jar")));
                Map<String, Long> hostsBefore = hosts(pid);
                long heapBefore = heapUsedKb(pid); // attaches first: jcmd's Attach Listener thread stays
                int threadsBefore = HungCheckLabTest.threads(pid);
                long transitions = r1.instance(NAME).path("counters").path("transitions").asLong();
                Set<String> hostNice = new HashSet<>();
                for (String jar : List.of("abuse-throw.jar", "abuse-hang.jar")) {
                    hostNice.addAll(niceValues(hostsBefore.get(jar)));
                }

                List<String> realtime = realtimeThreads(pid);
                System.out.printf("[health/abuse rt=%d] daemon threads under a real-time policy: %s%n", rt, realtime);
                long startUs = System.currentTimeMillis() * 1000;
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                int maxThreads = threadsBefore;
                Set<Long> bombPids = new LinkedHashSet<>();
                Set<Long> throwPids = new HashSet<>();
                Set<Long> hangPids = new HashSet<>();
                Set<String> bomberMessages = new LinkedHashSet<>();
                Set<String> throwerMessages = new LinkedHashSet<>();
                Set<String> hangerMessages = new LinkedHashSet<>();
                boolean abusedUp = false;
                boolean jvmDown = false;
                while (System.nanoTime() < end) {
                    maxThreads = Math.max(maxThreads, HungCheckLabTest.threads(pid));
                    Map<String, Long> h = hosts(pid);
                    if (h.containsKey("abuse-bomb.jar")) {
                        bombPids.add(h.get("abuse-bomb.jar"));
                    }
                    if (h.containsKey("abuse-throw.jar")) {
                        throwPids.add(h.get("abuse-throw.jar"));
                    }
                    if (h.containsKey("abuse-hang.jar")) {
                        hangPids.add(h.get("abuse-hang.jar"));
                    }
                    JsonNode all = r1.call("checks", null).path("checks");
                    for (JsonNode c : all) {
                        String name = c.path("name").asText();
                        String msg = c.path("message").asText();
                        boolean up = c.path("up").asBoolean();
                        switch (name) {
                            case "bomber" -> bomberMessages.add(msg);
                            case "thrower" -> throwerMessages.add(msg);
                            case "hanger" -> hangerMessages.add(msg);
                            case "jvm" -> jvmDown |= !up;
                            default -> { }
                        }
                        if (!name.equals("jvm") && up) {
                            abusedUp = true;
                        }
                    }
                    Thread.sleep(200); // sampling period, not a wait for a condition
                }
                long endUs = System.currentTimeMillis() * 1000;
                int threadsAfter = HungCheckLabTest.threads(pid);
                long heapAfter = heapUsedKb(pid);
                String log = r1.process().logText();

                List<Double> dev = deviations(p, startUs, endUs);
                List<Double> sorted = new ArrayList<>(dev);
                Collections.sort(sorted);
                long within1 = dev.stream().filter(d -> d <= 1.0).count();
                int bombStarts = count(log, "plugin host for abuse-bomb.jar started");
                System.out.printf("[health/abuse rt=%d] %d advert gaps over %d s at 100 ms: |gap-100ms| p50 %.3f"
                        + " p99 %.3f max %.3f ms; %d of %d within 1 ms%n", rt, dev.size(), seconds,
                        percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.get(sorted.size() - 1), within1,
                        dev.size());
                System.out.printf("[health/abuse rt=%d] bomb host started %d times (%d pids seen), throw host pids %s,"
                        + " hang host pids %s; host nice %s; daemon threads %d -> %d (max %d), heap after GC %d ->"
                        + " %d KiB%n", rt, bombStarts, bombPids.size(), throwPids, hangPids, hostNice, threadsBefore,
                        threadsAfter, maxThreads, heapBefore, heapAfter);
                System.out.printf("[health/abuse rt=%d] bomber said %s%n  thrower said %s%n  hanger said %s%n", rt,
                        bomberMessages, throwerMessages, hangerMessages);

                assertEquals("MASTER", r1.state(NAME));
                assertEquals("BACKUP", r2.state(NAME));
                assertEquals(transitions, r1.instance(NAME).path("counters").path("transitions").asLong(),
                        "r1 changed state during the abuse");
                assertFalse(abusedUp, "an abusive check was up");
                assertFalse(jvmDown, "the built-in check went down");
                assertEquals(135, HealthStatus.effective(r1));
                // the throwing plugin's own reason; under CPU contention (its host and the bomb's share nice 10, and
                // CFS weighs threads, so 100 busy bomb threads outweigh it) a run may answer late ("timed out after 1s")
                // and the next one then finds it still in flight in the host; never a host exit
                assertTrue(throwerMessages.contains("check threw IllegalStateException: abuse_throw throws on every run"),
                        throwerMessages.toString());
                assertTrue(throwerMessages.stream().allMatch(m -> m.equals(
                        "check threw IllegalStateException: abuse_throw throws on every run")
                        || m.startsWith("timed out after 1s") || m.startsWith("previous run still in flight for ")),
                        throwerMessages.toString());
                assertTrue(hangerMessages.stream().allMatch(m -> m.startsWith("timed out after 500ms")
                        || m.startsWith("previous run still in flight for ")), hangerMessages.toString());
                // the reason as the host's exit leaves it, or with the restart the host then schedules appended
                assertTrue(bomberMessages.stream().anyMatch(m -> m.matches(
                        "plugin host for abuse-bomb\\.jar exited: (too many threads \\(\\d+ > 64\\)|out of memory .*)"
                                + "(; restart in \\S+)?")),
                        bomberMessages.toString());
                assertTrue(log.matches("(?s).*plugin host for abuse-bomb\\.jar exited: (too many threads|out of memory).*"),
                        "no exit reason in the daemon log");
                assertTrue(bombStarts >= 3, "bomb host started " + bombStarts + " times");
                assertEquals(Set.of(hostsBefore.get("abuse-throw.jar")), throwPids, "throw host restarted");
                assertEquals(Set.of(hostsBefore.get("abuse-hang.jar")), hangPids, "hang host restarted");
                assertTrue(realtime.stream().noneMatch(n -> n.startsWith("vrrpd-plugin")),
                        "threads serving the plugin hosts run under a real-time policy: " + realtime);
                assertEquals(Set.of("nice 10 policy 0"), hostNice,
                        "every thread of the hosts runs at nice 10 under SCHED_OTHER, whatever the protocol thread's policy");
                assertTrue(maxThreads <= threadsBefore + 2, "daemon threads grew from " + threadsBefore + " to "
                        + maxThreads);
                assertTrue(heapAfter <= heapBefore + 4096, "daemon heap grew from " + heapBefore + " to "
                        + heapAfter + " KiB");
                assertTrue(dev.size() >= seconds * 10 - 5, "adverts missing: " + dev.size());
                assertTrue(sorted.get(sorted.size() - 1) <= toleranceMs, "advert gap off by "
                        + sorted.get(sorted.size() - 1) + " ms");

                // a reload that drops the plugin checks stops their hosts; stopping the daemon leaves none behind
                Set<Long> all = new HashSet<>(hosts(pid).values());
                r1.rewrite(global, p.instance(1, 200,
                        "    checks:\n      - {type: process, name: jvm, process: java, interval: 1s, weight: 5}\n"));
                JsonNode summary = r1.call("reload", null);
                assertTrue(summary.path("unchanged").toString().contains(NAME), summary.toString());
                Poll.until("plugin hosts stopped after the reload", Duration.ofSeconds(15), () -> hosts(pid).isEmpty()
                        && all.stream().noneMatch(h -> ProcessHandle.of(h).map(ProcessHandle::isAlive).orElse(false)));
                assertEquals("MASTER", r1.state(NAME));
                r1.rewrite(global, p.instance(1, 200, checks));
                r1.call("reload", null);
                Poll.until("hosts back after a second reload", SETTLE, () -> hosts(pid).keySet()
                        .containsAll(List.of("abuse-throw.jar", "abuse-hang.jar")));
                all.addAll(hosts(pid).values());
                r1.close();
                Poll.until("plugin hosts gone with the daemon", Duration.ofSeconds(10), () -> all.stream()
                        .noneMatch(h -> ProcessHandle.of(h).map(ProcessHandle::isAlive).orElse(false)));
            }
        }
    }

    /**
     * The same Master and peer with only the built-in check, for comparison: the advert gap figures of this machine
     * at this moment without any plugin. Prints only; asserts just that the adverts are there.
     */
    @ParameterizedTest(name = "rt_priority {0}")
    @ValueSource(ints = {0, 50})
    void control_withoutPlugins_printsTheAdvertGapFigures(int rt) throws Exception {
        int seconds = Integer.getInteger("lab.abuse.seconds", 15);
        String checks = "    checks:\n"
                + "      - {type: process, name: jvm, process: java, interval: 1s, weight: 5}\n";
        List<String> jvm = rt == 0 ? List.of() : List.of("-Dvrrpd.rt_priority=" + rt);
        try (Routers p = Routers.of(HealthStatus.V).vrid(HealthStatus.VRID).intervalMs(100).build();
             VrrpdNode r1 = VrrpdNode.start(p.lab, "r1", "", p.instance(1, 200, checks), jvm);
             VrrpdNode r2 = VrrpdNode.start(p.lab, "r2", "", p.instance(2, 100, null), jvm)) {
            awaitState(r1, "MASTER", SETTLE);
            awaitState(r2, "BACKUP", SETTLE);
            Poll.until("effective 205", SETTLE, () -> HealthStatus.effective(r1) == 205);
            long startUs = System.currentTimeMillis() * 1000;
            Poll.until("window over", Duration.ofSeconds(seconds + 5), Duration.ofMillis(500),
                    () -> System.currentTimeMillis() * 1000 - startUs >= seconds * 1_000_000L);
            long endUs = System.currentTimeMillis() * 1000;
            List<Double> sorted = deviations(p, startUs, endUs);
            Collections.sort(sorted);
            System.out.printf("[health/abuse control rt=%d] %d advert gaps over %d s at 100 ms without plugins:"
                    + " |gap-100ms| p50 %.3f p99 %.3f max %.3f ms; %d within 1 ms%n", rt, sorted.size(), seconds,
                    percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.get(sorted.size() - 1),
                    sorted.stream().filter(d -> d <= 1.0).count());
            assertTrue(sorted.size() >= seconds * 10 - 5, "adverts missing: " + sorted.size());
        }
    }

    /** |gap - interval| in ms for r1's adverts captured between the two times. */
    static List<Double> deviations(Routers p, long startUs, long endUs) throws IOException {
        List<Pcap.Frame> adverts = p.advertsFrom(1).stream()
                .filter(f -> f.micros() >= startUs && f.micros() <= endUs).toList();
        List<Double> dev = new ArrayList<>();
        for (int i = 1; i < adverts.size(); i++) {
            dev.add(Math.abs((adverts.get(i).micros() - adverts.get(i - 1).micros()) / 1000.0 - INTERVAL_MS));
        }
        return dev;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
