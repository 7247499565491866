package org.vrrpd.check.builtin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.WatchedProcesses;

/**
 * Up while at least one process matches (see {@link ProcessConfig}); scans {@code /proc}, and between scans checks
 * the process the last scan found (below, {@link #rerun}). The pids a scan found are {@link WatchedProcesses}: the
 * daemon watches them and the check is down the moment the last exits.
 */
public final class ProcessCheck implements Check, WatchedProcesses {

    private static final int COMM_LEN = 15;
    /** At most this many matches are watched (a pattern matching a whole pool of workers needs no more). */
    static final int MAX_WATCHED = 64;
    /** Runs answered from the last scan's match before /proc is scanned again (only the count can be stale). */
    static final int FULL_SCAN_EVERY = 30;

    private final String wanted;
    private final boolean cmdlineMatch;
    private final Path proc;
    private volatile Set<Long> found = Set.of();
    private final byte[] wantedBytes;
    private final byte[] commBytes;
    private byte[] buf = new byte[4096];
    /** The first match of the last full scan (-1: none), how many matched then, runs since. */
    private long knownPid = -1;
    private int knownCount;
    private int runsSinceScan;

    ProcessCheck(ProcessConfig config, Path proc) throws CheckConfigException {
        String n = config.processName();
        if (n == null || n.isBlank()) {
            throw new CheckConfigException("process check: give the process as 'process:' or 'name:'");
        }
        this.wanted = n;
        this.cmdlineMatch = n.indexOf(' ') >= 0 || n.indexOf('/') >= 0;
        this.proc = proc;
        this.wantedBytes = n.getBytes(StandardCharsets.UTF_8);
        String cut = n.length() > COMM_LEN ? n.substring(0, COMM_LEN) : n;
        this.commBytes = cut.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CheckResult run(CheckContext context) throws IOException {
        CheckResult known = rerun(context);
        if (known != null) {
            return known;
        }
        Clock clock = context.clock();
        Instant start = clock.instant();
        int count = 0;
        long firstPid = -1;
        Set<Long> pids = new LinkedHashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path d : dirs) {
                if (matches(d)) {
                    long pid = Long.parseLong(d.getFileName().toString());
                    if (count++ == 0) {
                        firstPid = pid;
                    }
                    if (pids.size() < MAX_WATCHED) {
                        pids.add(pid);
                    }
                }
            }
        }
        found = Set.copyOf(pids);
        Duration latency = Duration.between(start, clock.instant());
        if (count == 0) {
            return CheckResult.down(latency, "no process matches '" + wanted + "'");
        }
        return remember(firstPid, count, latency);
    }

    /**
     * While the process the last scan found still matches, the check is up without reading every other process
     * on the host (a scan reads two files of each: about 3 ms of CPU per run with 270 processes, 180 ms a minute at
     * interval 1 s). A scan runs again when that process is gone (or no longer matches) and every
     * {@link #FULL_SCAN_EVERY} runs, so a dead service is down on the first run after its death, as before; only
     * the count in the message can lag by that many runs.
     */
    private CheckResult rerun(CheckContext context) {
        if (knownPid < 0 || runsSinceScan >= FULL_SCAN_EVERY) {
            return null;
        }
        Instant start = context.clock().instant();
        if (!matches(proc.resolve(Long.toString(knownPid)))) {
            knownPid = -1;
            return null;
        }
        runsSinceScan++;
        return up(knownPid, knownCount, Duration.between(start, context.clock().instant()));
    }

    private CheckResult remember(long firstPid, int count, Duration latency) {
        knownPid = firstPid;
        knownCount = count;
        runsSinceScan = 0;
        return up(firstPid, count, latency);
    }

    private CheckResult up(long firstPid, int count, Duration latency) {
        return CheckResult.up(latency, count + " process" + (count == 1 ? "" : "es") + " match '" + wanted
                + "' (pid " + firstPid + (count > 1 ? ", ..." : "") + ")");
    }

    @Override
    public Set<Long> watchedPids() {
        return found;
    }

    /**
     * Whether the process in {@code pidDir} matches, reading its {@code comm} and {@code cmdline} into this check's
     * one buffer and comparing bytes: a run scans every process on the host, so nothing is allocated per process
     * (before, each process cost two byte arrays, a String, a split array and a joined String: about 1.7 MB per run
     * on a host with a few hundred processes). Runs of one check never overlap (one in flight, see
     * {@code CheckScheduler}); the lock only keeps a direct caller honest.
     */
    private synchronized boolean matches(Path pidDir) {
        try {
            if (cmdlineMatch) {
                int n = trimNuls(read(pidDir.resolve("cmdline")));
                for (int i = 0; i < n; i++) {
                    if (buf[i] == 0) {
                        buf[i] = ' ';
                    }
                }
                return indexOf(buf, n, wantedBytes) >= 0;
            }
            int n = read(pidDir.resolve("comm"));
            while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) {
                n--;
            }
            if (equal(buf, 0, n, commBytes)) {
                return true;
            }
            n = read(pidDir.resolve("cmdline"));
            int end = 0;
            while (end < n && buf[end] != 0) {
                end++;
            }
            if (end == 0) {
                return false;
            }
            int from = end - 1;
            while (from >= 0 && buf[from] != '/') {
                from--;
            }
            from++;
            int to = from;
            while (to < end && buf[to] != ' ') {
                to++;
            }
            if (to == from) {
                to = end; // a base name starting with a space: keep it whole, as before
            }
            if (to > from && buf[to - 1] == ':') {
                to--; // "dovecot: imap-login" style titles
            }
            return equal(buf, from, to, wantedBytes);
        } catch (IOException e) {
            return false; // the process exited while we looked
        }
    }

    /** Reads a /proc file into {@link #buf} (growing it as needed); returns its length. */
    private int read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int r = ch.read(ByteBuffer.wrap(buf, n, buf.length - n));
                if (r < 0) {
                    return n;
                }
                n += r;
            }
        }
    }

    private int trimNuls(int n) {
        while (n > 0 && buf[n - 1] == 0) {
            n--;
        }
        return n;
    }

    private static boolean equal(byte[] a, int from, int to, byte[] b) {
        return to - from == b.length && Arrays.equals(a, from, to, b, 0, b.length);
    }

    static int indexOf(byte[] hay, int n, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean isPid(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Registers {@code type: process}. */
    public static final class Factory implements CheckFactory<ProcessConfig> {
        @Override
        public String type() {
            return "process";
        }

        @Override
        public Class<ProcessConfig> configClass() {
            return ProcessConfig.class;
        }

        @Override
        public Check create(ProcessConfig config) throws CheckConfigException {
            return new ProcessCheck(config, Paths.get("/proc"));
        }
    }
}
