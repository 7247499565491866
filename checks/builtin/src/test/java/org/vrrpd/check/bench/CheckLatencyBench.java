package org.vrrpd.check.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.sun.management.ThreadMXBean;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.Durations;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.check.runtime.RuntimeCheckContext;

/**
 * Prints each check's latency (median, p99, min, max over N sequential runs) against real services:
 *
 * <pre>
 * java -cp ... org.vrrpd.check.bench.CheckLatencyBench --runs 500 --timeout 2s \
 *     'tcp:host=127.0.0.1,port=25' 'smtp:host=127.0.0.1,port=25,ehlo=bench.example' \
 *     'imap:host=127.0.0.1,port=143' 'http:url=http://127.0.0.1/health' 'nfs:directory=/srv/mail,fs_types=nfs4'
 * </pre>
 *
 * Each argument is {@code type:key=value,...} with the YAML keys of that check type (list values separated by
 * {@code ;}). Latency is the wall time of {@link Check#run}, measured here with {@link System#nanoTime()}.
 *
 * <p>Cost per run: after {@code --warmup N} unmeasured runs (default 20), the CPU time and the bytes allocated by
 * every Java thread of the JVM ({@code com.sun.management.ThreadMXBean}: the caller and whatever threads the check
 * uses, such as the nfs probe thread; not GC or JIT threads, and not threads that ended
 * during the runs) are summed over the measured runs and divided by their number: {@code cpu/run} in µs,
 * {@code alloc/run} in bytes. With {@code --pause 1s} the measured runs are a second apart, as a check at interval
 * 1 s runs in the daemon: each run then finds the CPU's caches cold, which back-to-back runs do not.
 */
public final class CheckLatencyBench {

    private CheckLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        run(args, System.out);
    }

    /** Runs the benchmark; returns the number of failed runs. */
    public static int run(String[] args, PrintStream out) throws Exception {
        int runs = 200;
        int warmup = 20;
        Duration timeout = Duration.ofSeconds(2);
        Duration pause = Duration.ZERO;
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs":
                    runs = Integer.parseInt(args[++i]);
                    break;
                case "--warmup":
                    warmup = Integer.parseInt(args[++i]);
                    break;
                case "--timeout":
                    timeout = Durations.parse(args[++i]);
                    break;
                case "--pause":
                    pause = Durations.parse(args[++i]);
                    break;
                default:
                    specs.add(args[i]);
            }
        }
        if (specs.isEmpty() || runs < 1) {
            out.println("usage: CheckLatencyBench [--runs N] [--warmup N] [--timeout 2s] [--pause 1s] "
                    + "type:key=value,... ...");
            return 0;
        }
        ObjectMapper mapper = new ObjectMapper().registerModule(new SimpleModule()
                .addDeserializer(Duration.class, new JsonDeserializer<>() {
                    @Override
                    public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                        return Durations.parse(p.getValueAsString());
                    }
                }));
        Map<String, CheckFactory<?>> factories = PluginLoader.builtinFactories();
        out.printf("%-40s %6s %9s %9s %9s %9s %6s %10s %11s%n", "check", "runs", "median", "p99", "min", "max",
                "fails", "cpu/run", "alloc/run");
        ThreadCosts costs = new ThreadCosts();
        int totalFailures = 0;
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String type = colon < 0 ? spec : spec.substring(0, colon);
            CheckFactory<?> factory = factories.get(type);
            if (factory == null) {
                throw new IllegalArgumentException("unknown check type '" + type + "', known: " + factories.keySet());
            }
            Map<String, Object> yaml = new LinkedHashMap<>();
            if (colon >= 0) {
                for (String kv : spec.substring(colon + 1).split(",")) {
                    String[] p = kv.split("=", 2);
                    yaml.put(p[0], p.length < 2 ? "" : p[1].contains(";") ? Arrays.asList(p[1].split(";")) : p[1]);
                }
            }
            CheckConfig config = mapper.convertValue(yaml, factory.configClass());
            config.setTimeout(timeout);
            long[] nanos = new long[runs];
            int failures = 0;
            String lastFailure = "";
            long cpu;
            long alloc;
            try (Check check = create(factory, config)) {
                for (int i = 0; i < warmup; i++) {
                    check.run(new RuntimeCheckContext(Clock.systemUTC(), Instant.now().plus(timeout), 0));
                }
                long[] before = costs.sample();
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    Instant deadline = Instant.now().plus(timeout);
                    var r = check.run(new RuntimeCheckContext(Clock.systemUTC(), deadline, 0));
                    nanos[i] = System.nanoTime() - t0;
                    if (!r.up()) {
                        failures++;
                        lastFailure = r.message();
                    }
                    if (!pause.isZero()) {
                        Thread.sleep(pause.toMillis()); // the daemon's cadence: caches cold again at each run
                    }
                }
                long[] after = costs.sample();
                cpu = after[0] - before[0];
                alloc = after[1] - before[1];
            }
            Arrays.sort(nanos);
            out.printf("%-40s %6d %9s %9s %9s %9s %6d %8.0fus %9.0f B%n", abbreviate(spec), runs, ms(nanos[runs / 2]),
                    ms(nanos[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)]), ms(nanos[0]), ms(nanos[runs - 1]),
                    failures, cpu / 1e3 / runs, (double) alloc / runs);
            if (failures > 0) {
                out.println("    last failure: " + lastFailure);
            }
            totalFailures += failures;
        }
        return totalFailures;
    }

    /** CPU nanoseconds and allocated bytes summed over the JVM's live Java threads. */
    static final class ThreadCosts {
        private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

        ThreadCosts() {
            threads.setThreadCpuTimeEnabled(true);
            threads.setThreadAllocatedMemoryEnabled(true);
        }

        long[] sample() {
            long[] ids = threads.getAllThreadIds();
            long cpu = 0;
            for (long t : threads.getThreadCpuTime(ids)) {
                cpu += Math.max(0, t);
            }
            long alloc = 0;
            for (long b : threads.getThreadAllocatedBytes(ids)) {
                alloc += Math.max(0, b);
            }
            return new long[] {cpu, alloc};
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check create(CheckFactory factory, CheckConfig config) throws Exception {
        return factory.create(config);
    }

    private static String ms(long nanos) {
        return String.format("%.3fms", nanos / 1e6);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
