package org.vrrpd.daemon.notify;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.vrrpd.check.builtin.ScriptProcesses;

/**
 * Runs one notify script: no shell, a clean environment ({@code PATH} only), stdin from {@code /dev/null},
 * stdout discarded, the first line of stderr kept for the log line of a failure, and a timeout after which the
 * script and its descendants are killed. When the daemon runs
 * as root the script runs as the configured {@code script_user} through
 * {@code setpriv --reuid --regid --init-groups} (util-linux), the same approach as the {@code script} check.
 */
public final class ScriptRunner {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** How a run ended. */
    public record Outcome(int exitCode, boolean timedOut, Optional<String> startError, Duration took,
                          String stderr) {
        public boolean ok() {
            return exitCode == 0 && !timedOut && startError.isEmpty();
        }

        /** Why it failed, for a log line: "could not start: …", "timed out and was killed", "exited 1: …". */
        public String failure() {
            return startError.map(s -> "could not start: " + s).orElse(timedOut ? "timed out and was killed"
                    : "exited " + exitCode + (stderr.isEmpty() ? "" : ": " + stderr));
        }
    }

    private final int daemonUid;
    private final String scriptUser;
    private final Duration timeout;
    private List<String> prefix;

    private ScriptRunner(int daemonUid, String scriptUser, Duration timeout) {
        this.daemonUid = daemonUid;
        this.scriptUser = scriptUser;
        this.timeout = timeout;
    }

    /**
     * A runner for a daemon with uid {@code daemonUid}: as root, scripts switch to {@code scriptUser} (a user
     * that resolves to uid 0 runs without switching); otherwise they run as the daemon. The user is looked up
     * when the first script runs, so a daemon without notify scripts never needs it; while it cannot be found
     * scripts are refused (never silently run as root) and the failure is logged.
     */
    public static ScriptRunner forUser(int daemonUid, String scriptUser, Duration timeout) {
        return new ScriptRunner(daemonUid, scriptUser, timeout);
    }

    /** A runner that starts scripts as the daemon's own user (tests, non-root daemons). */
    public static ScriptRunner asSelf(Duration timeout) {
        return new ScriptRunner(1, null, timeout);
    }

    /** The argv that would be started for {@code script}; throws when the script user cannot be found. */
    public synchronized List<String> command(List<String> script) throws IOException {
        if (prefix == null) {
            if (daemonUid != 0) {
                prefix = List.of();
            } else {
                long[] ids = lookup(scriptUser);
                prefix = ids[0] == 0 ? List.of()
                        : List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--init-groups", "--");
            }
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(script);
        return cmd;
    }

    /** Runs {@code script} to completion or timeout; never throws for a failing script. */
    public Outcome run(List<String> script) throws InterruptedException {
        long start = System.nanoTime();
        List<String> argv;
        File stderr;
        try {
            argv = command(script);
            stderr = File.createTempFile("vrrpd-notify-", ".err");
        } catch (IOException e) {
            return new Outcome(-1, false, Optional.of(e.getMessage()), Duration.ZERO, "");
        }
        try {
            return run(argv, stderr, start);
        } finally {
            stderr.delete();
        }
    }

    private Outcome run(List<String> argv, File stderr, long start) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ScriptProcesses.withDefaultSignals(argv))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr);
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome(-1, false, Optional.of(e.getMessage()), since(start), "");
        }
        boolean done;
        try {
            done = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            ScriptProcesses.killTree(p);
            throw e;
        }
        if (!done) {
            ScriptProcesses.killTree(p);
            p.waitFor(1, TimeUnit.SECONDS);
            return new Outcome(-1, true, Optional.empty(), since(start), "");
        }
        String said;
        try {
            said = p.exitValue() == 0 ? "" : ScriptProcesses.firstLine(stderr);
        } catch (IOException e) {
            said = "";
        }
        return new Outcome(p.exitValue(), false, Optional.empty(), since(start), said);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** uid and gid of a user via {@code getent passwd}, so NSS users work too. */
    static long[] lookup(String user) throws IOException {
        try {
            return ScriptProcesses.passwdIds(user);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (global.script_user)", e);
        }
    }
}
