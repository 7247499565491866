package org.vrrpd.check.builtin;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code script} check and the daemon's notify scripts share about the processes they start: the user
 * to switch to (looked up through NSS), the first line of what a script wrote to stderr (so a failure's log
 * line says why), starting it with the signals a daemon started by /usr/sbin/vrrpd blocks unblocked again, and
 * killing a timed-out script with everything it started.
 */
public final class ScriptProcesses {

    /** SIGHUP, SIGINT and SIGTERM as bits of a {@code SigBlk:} mask: the launcher blocks them (and SIGQUIT). */
    static final long LAUNCHER_BLOCKED = 1L << 0 | 1L << 1 | 1L << 14;
    /** env(1) of coreutils 8.31 and later: unblocks these and resets them to their default action, then execs. */
    static final List<String> DEFAULT_SIGNALS = List.of("/usr/bin/env", "--default-signal=HUP,INT,QUIT,TERM", "--");

    private ScriptProcesses() {
    }

    /**
     * The argv that runs {@code argv} with SIGHUP, SIGINT, SIGQUIT and SIGTERM unblocked and at their default.
     * Started by /usr/sbin/vrrpd, every thread of the daemon blocks them (a signalfd reads them, docs/NET.md,
     * "Signals"), and a process starts with its parent thread's mask: a script, and whatever it starts (a
     * service, the command under {@code timeout}), would ignore SIGTERM. {@code env} fixes that and execs the
     * script in the same process. {@code argv} itself when this thread blocks none of them.
     */
    public static List<String> withDefaultSignals(List<String> argv) {
        if ((blockedInThisThread() & LAUNCHER_BLOCKED) == 0) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(DEFAULT_SIGNALS.size() + 3 + argv.size());
        wrapped.addAll(DEFAULT_SIGNALS);
        if (!argv.isEmpty() && argv.get(0).contains("=")) { // env would read it as a variable to set
            wrapped.addAll(List.of("/usr/bin/nice", "-n", "0"));
        }
        wrapped.addAll(argv);
        return wrapped;
    }

    /** The calling thread's blocked signals ({@code SigBlk:} of /proc/thread-self/status); 0 when unreadable. */
    static long blockedInThisThread() {
        try {
            return blockedIn(Files.readString(Path.of("/proc/thread-self/status")));
        } catch (IOException e) {
            return 0;
        }
    }

    /** The {@code SigBlk:} mask of a {@code /proc/.../status} text; 0 when the line is missing or malformed. */
    public static long blockedIn(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("SigBlk:")) {
                try {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** uid and gid of {@code user} via {@code getent passwd}, so NSS users work too. */
    public static long[] passwdIds(String user) throws IOException {
        try {
            Process p = new ProcessBuilder("getent", "passwd", user).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                throw new IOException("no such user '" + user + "'");
            }
            String[] f = out.split("\n")[0].split(":");
            return new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("cannot look up user '" + user + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted looking up user '" + user + "'", e);
        }
    }

    /** The first line of a script's stderr file (read up to 4 KiB, shortened for a log line); "" when empty. */
    public static String firstLine(File stderr) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(stderr.toPath())) {
            head = in.readNBytes(4096);
        }
        String s = new String(head, StandardCharsets.UTF_8).strip();
        int eol = s.indexOf('\n');
        return SmtpCheck.abbreviate((eol >= 0 ? s.substring(0, eol) : s).strip());
    }

    /** How long {@link #killTree} waits for the killed script to be gone (it takes a millisecond or so). */
    static final long GONE_WITHIN_MILLIS = 500;

    /**
     * Kills a script and every process it started, and waits until the script itself is gone (reaped), so that
     * the check's next run never starts beside a dying one. A script that cannot die yet (in uninterruptible
     * sleep, e.g. on a hung NFS mount) is waited for at most {@link #GONE_WITHIN_MILLIS} and left to the JDK's
     * reaper.
     */
    public static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(GONE_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
