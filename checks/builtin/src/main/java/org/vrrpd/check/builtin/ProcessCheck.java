package org.vrrpd.check.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.WatchedProcesses;

/**
 * Up while at least one process matches (see {@link ProcessConfig}); scans {@code /proc} on every run. The pids an up
 * run found are {@link WatchedProcesses}: the daemon watches them and the check is down the moment the last exits.
 */
public final class ProcessCheck implements Check, WatchedProcesses {

    private static final int COMM_LEN = 15;
    /** At most this many matches are watched (a pattern matching a whole pool of workers needs no more). */
    static final int MAX_WATCHED = 64;

    private final String wanted;
    private final boolean cmdlineMatch;
    private final Path proc;
    private volatile Set<Long> found = Set.of();

    ProcessCheck(ProcessConfig config, Path proc) throws CheckConfigException {
        String n = config.processName();
        if (n == null || n.isBlank()) {
            throw new CheckConfigException("process check: give the process as 'process:' or 'name:'");
        }
        this.wanted = n;
        this.cmdlineMatch = n.indexOf(' ') >= 0 || n.indexOf('/') >= 0;
        this.proc = proc;
    }

    @Override
    public CheckResult run(CheckContext context) throws IOException {
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
        return CheckResult.up(latency, count + " process" + (count == 1 ? "" : "es") + " match '" + wanted
                + "' (pid " + firstPid + (count > 1 ? ", ..." : "") + ")");
    }

    @Override
    public Set<Long> watchedPids() {
        return found;
    }

    private boolean matches(Path pidDir) {
        try {
            byte[] raw = Files.readAllBytes(pidDir.resolve("cmdline"));
            String[] argv = new String(raw, StandardCharsets.UTF_8).split("\0");
            if (cmdlineMatch) {
                return String.join(" ", argv).contains(wanted);
            }
            String comm = Files.readString(pidDir.resolve("comm"), StandardCharsets.UTF_8).strip();
            String cut = wanted.length() > COMM_LEN ? wanted.substring(0, COMM_LEN) : wanted;
            if (comm.equals(cut)) {
                return true;
            }
            if (argv.length > 0 && !argv[0].isEmpty()) {
                String arg0 = argv[0];
                int slash = arg0.lastIndexOf('/');
                String base = slash >= 0 ? arg0.substring(slash + 1) : arg0;
                int space = base.indexOf(' ');
                base = space > 0 ? base.substring(0, space) : base; // "dovecot: imap-login" style titles
                base = base.endsWith(":") ? base.substring(0, base.length() - 1) : base;
                return base.equals(wanted);
            }
            return false;
        } catch (IOException e) {
            return false; // the process exited while we looked
        }
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
