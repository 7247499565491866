package org.vrrpd.lab.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vrrpd.lab.fixture.Poll;

/**
 * One mail lab ({@code test-lab/mail/up}) seen from Java: brings it up with a per-run prefix, reads its env file,
 * stops and starts its services by their recorded pids, runs commands in its namespaces, and ends it with
 * {@code test-lab/mail/down}. See docs/LAB.md for the env file's keys.
 */
public final class MailLab implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path scripts;
    private final String prefix;
    private final Map<String, String> env;

    private MailLab(Path scripts, String prefix, Map<String, String> env) {
        this.scripts = scripts;
        this.prefix = prefix;
        this.env = env;
    }

    /** The repository's top directory (the first parent of the working directory holding test-lab/mail/up). */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isExecutable(p.resolve("test-lab/mail/up"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("test-lab/mail/up not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A prefix unique to this JVM and call, at most 12 characters: {@code TAG + pid + x + n + -}. */
    public static String uniquePrefix(String tag) {
        String p = tag + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet() + "-";
        if (p.length() > 12) {
            p = tag + (ProcessHandle.current().pid() % 100000) + "x" + COUNTER.get() + "-";
        }
        return p;
    }

    /** Builds a lab (up to 300 s: {@code up} installs missing packages first) and parses its env file. */
    public static MailLab up(String tag) throws IOException, InterruptedException {
        Path scripts = repoRoot().resolve("test-lab/mail");
        String prefix = uniquePrefix(tag);
        String out = run(Duration.ofSeconds(300), scripts.resolve("up").toString(), prefix).trim();
        String[] lines = out.split("\n");
        Path envFile = Path.of(lines[lines.length - 1].trim());
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).trim();
            int eq = l.indexOf('=');
            if (eq > 0) {
                env.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return new MailLab(scripts, prefix, env);
    }

    public String prefix() {
        return prefix;
    }

    public Path scripts() {
        return scripts;
    }

    /** A value from the env file; fails when the key is missing. */
    public String get(String key) {
        String v = env.get(key);
        if (v == null) {
            throw new IllegalStateException("env file of lab " + prefix + " has no " + key);
        }
        return v;
    }

    /** The namespace of {@code node} (mail01, mail02, storage01, client). */
    public String ns(String node) {
        return get("LAB_NS_" + node.toUpperCase(Locale.ROOT));
    }

    /** The pid recorded for {@code node}'s {@code service} (as named in the pid file: postfix, dovecot, nginx...). */
    public long pid(String node, String service) throws IOException {
        long found = -1;
        for (String line : Files.readAllLines(Path.of(get("LAB_PIDS_FILE")))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals(node) && f[1].equals(service)) {
                found = Long.parseLong(f[2]); // the last record wins (a restarted service is appended)
            }
        }
        if (found < 0) {
            throw new IllegalStateException("no pid recorded for " + node + " " + service);
        }
        return found;
    }

    /** SIGTERMs the recorded pid of {@code node}'s {@code service} and waits (10 s at most) until it is gone. */
    public void stop(String node, String service) throws IOException {
        long pid = pid(node, service);
        ProcessHandle h = ProcessHandle.of(pid).orElse(null);
        if (h == null) {
            return;
        }
        run(Duration.ofSeconds(5), "kill", "-TERM", Long.toString(pid));
        Poll.until(node + " " + service + " (pid " + pid + ") gone", Duration.ofSeconds(10), () -> !h.isAlive());
    }

    /** Sends {@code signal} (TERM, KILL) to the recorded pid of {@code node}'s {@code service}; does not wait. */
    public long signal(String node, String service, String signal) throws IOException {
        long pid = pid(node, service);
        run(Duration.ofSeconds(5), "kill", "-" + signal, Long.toString(pid));
        return pid;
    }

    /** True when {@code node}'s eth0 holds {@code address} (e.g. the VIP). */
    public boolean hasAddress(String node, String address) throws IOException {
        return run(Duration.ofSeconds(5), "ip", "-n", ns(node), "-o", "addr", "show", "dev", "eth0")
                .contains(" " + address + "/");
    }

    /**
     * Starts {@code node}'s postfix, dovecot or nginx again, the way {@code up} does, records its pid (so that
     * {@code down} ends it) and waits until {@code port} listens.
     */
    public void start(String node, String service, int port) throws IOException, InterruptedException {
        String dir = get("LAB_DIR") + "/" + node;
        String log = get("LAB_LOG_DIR") + "/" + node + "-" + service + ".out";
        String ns = ns(node);
        String cmd = switch (service) {
            case "postfix" -> "ip netns exec " + ns + " postfix -c " + dir + "/postfix/etc start >>" + log + " 2>&1;"
                    + " for i in $(seq 100); do [ -s " + dir + "/postfix/spool/pid/master.pid ] && break; sleep 0.1; done;"
                    + " p=$(tr -d ' \\n' <" + dir + "/postfix/spool/pid/master.pid)";
            case "dovecot" -> "setsid ip netns exec " + ns + " dovecot -F -c " + dir + "/dovecot/dovecot.conf"
                    + " </dev/null >>" + log + " 2>&1 & p=$!";
            case "nginx" -> "setsid ip netns exec " + ns + " nginx -c " + dir + "/nginx/nginx.conf -p " + dir + "/nginx"
                    + " </dev/null >>" + log + " 2>&1 & p=$!";
            default -> throw new IllegalArgumentException("cannot start " + service);
        };
        run(Duration.ofSeconds(30), "bash", "-c", cmd + "; echo \"" + node + " " + service + " $p"
                + " $(awk '{ sub(/^.*\\) /, \"\"); print $20 }' /proc/$p/stat)\" >>" + get("LAB_PIDS_FILE"));
        Poll.until(node + " " + service + " listening on " + port, Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> !run(Duration.ofSeconds(5), "ip", "netns", "exec", ns, "ss", "-ltnH", "sport = :" + port)
                        .isBlank());
    }

    /** Runs {@code command} inside {@code node}'s namespace; returns stdout, fails on a non-zero exit. */
    public String exec(String node, String... command) throws IOException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns(node)));
        c.addAll(List.of(command));
        return run(Duration.ofSeconds(60), c.toArray(String[]::new));
    }

    /** Runs one of the lab's scripts ({@code client}, {@code storectl}, {@code vrrpd}...) with this prefix first. */
    public String script(String name, String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of(scripts.resolve(name).toString(), prefix));
        c.addAll(List.of(args));
        return run(Duration.ofSeconds(120), c.toArray(String[]::new));
    }

    /** {@link #script} with extra environment variables (e.g. {@code VRRPD_V6=0}). */
    public String script(Map<String, String> env, String name, String... args) throws IOException {
        List<String> c = new ArrayList<>(List.of(scripts.resolve(name).toString(), prefix));
        c.addAll(List.of(args));
        return run(Duration.ofSeconds(120), env, c.toArray(String[]::new));
    }

    /** Like {@link #script} but returns the exit code (output discarded). */
    public int scriptExit(String name, String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(scripts.resolve(name).toString(), prefix));
        c.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("VRRPD_CP", System.getProperty("java.class.path"));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** A finished script: exit code and its stdout and stderr together. */
    public record Result(int exit, String output) {
    }

    /** Like {@link #script} but returns the exit code and the output instead of failing. */
    public Result scriptResult(String name, String... args) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(scripts.resolve(name).toString(), prefix));
        c.addAll(List.of(args));
        Path out = Files.createTempFile("maillab", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("VRRPD_CP", System.getProperty("java.class.path"));
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs a command; returns stdout; throws with stdout+stderr on a non-zero exit or past {@code max}. */
    public static String run(Duration max, String... command) throws IOException {
        return run(max, Map.of(), command);
    }

    private static String run(Duration max, Map<String, String> env, String... command) throws IOException {
        Path err = Files.createTempFile("maillab", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            // The lab's vrrpd script runs the daemon from this JVM's classpath instead of building it again.
            pb.environment().put("VRRPD_CP", System.getProperty("java.class.path"));
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the process went away; what was read is kept
                }
            });
            reader.start();
            boolean done = p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            reader.join(5000);
            if (!done || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + (done ? " exited " + p.exitValue() : " timed out")
                        + "\n" + out + Files.readString(err));
            }
            return out.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Tears the lab down ({@code test-lab/mail/down}); unless {@code -Dlab.keep=true}. */
    @Override
    public void close() throws IOException {
        if (Boolean.getBoolean("lab.keep")) {
            System.err.println("lab.keep: mail lab " + prefix + " left up");
            return;
        }
        run(Duration.ofSeconds(120), scripts.resolve("down").toString(), prefix);
    }
}
