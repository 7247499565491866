package org.vrrpd.check.builtin;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code script} check and the daemon's notify scripts share about the processes they start: the user
 * to switch to (looked up through NSS), the first line of what a script wrote to stderr (so a failure's log
 * line says why), and killing a timed-out script with everything it started.
 */
public final class ScriptProcesses {

    private ScriptProcesses() {
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
