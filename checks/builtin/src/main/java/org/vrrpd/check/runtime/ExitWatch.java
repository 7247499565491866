package org.vrrpd.check.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * One check's process watches (see {@link ProcessExits}): the pid its {@code pid_file} names, and the pids an up
 * run of a {@link WatchedProcesses} check found. Every method runs under the {@link CheckScheduler}'s lock; the
 * watcher's callbacks reach it through the scheduler ({@link #exited}), which takes that lock first.
 *
 * <p>The check is down at once when the pid file's process exits, or when the last of the found pids exits (one of
 * several {@code imap} workers exiting is normal). A pid file that is missing, unreadable, or names no running
 * process makes the run down. A restarted service's new pid is picked up by the next run, which reads the pid file
 * again (or scans {@code /proc} again).
 */
final class ExitWatch {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWatch.class);

    /** Called (on the watcher's thread) with the watch generation and the pid that exited. */
    @FunctionalInterface
    interface Exited {
        void exited(long generation, long pid);
    }

    private final String label;
    private final Path pidFile;
    private final ProcessExits exits;
    private final Exited callback;
    /** The watched pids, and what each is ("process 12 from pid file /run/x.pid") for the log and the status. */
    private final Map<Long, ProcessExits.Watch> watches = new HashMap<>();
    private final Map<Long, String> what = new LinkedHashMap<>();
    /** The watched pid that came from the pid file (its exit alone turns the check down). */
    private Long filePid;
    private long generation;
    private boolean unsupported;
    /** Monotonic time of the last exit that turned the check down; a run that started before it is not up. */
    private Instant lastExit;

    ExitWatch(String label, Path pidFile, ProcessExits exits, Exited callback) {
        this.label = label;
        this.pidFile = pidFile;
        this.exits = exits;
        this.callback = callback;
    }

    /**
     * After a run that started at {@code runStarted}: the result to count (down when a watched process exited during
     * the run, or the pid file names no running process), with the watches replaced by what this run found.
     */
    CheckResult afterRun(CheckResult result, Object check, Instant runStarted) {
        if (pidFile == null && !(check instanceof WatchedProcesses)) {
            return result;
        }
        if (result.up() && lastExit != null && !lastExit.isBefore(runStarted)) {
            result = CheckResult.down(result.latency(), "a watched process exited during the run");
        }
        Map<Long, String> wanted = new LinkedHashMap<>();
        filePid = null;
        if (pidFile != null) {
            try {
                filePid = PidFile.read(pidFile);
                wanted.put(filePid, "process " + filePid + " from pid file " + pidFile);
            } catch (IOException e) {
                replace(Map.of());
                return result.up() ? CheckResult.down(result.latency(), e.getMessage()) : result;
            }
        }
        if (result.up() && check instanceof WatchedProcesses w) {
            for (Long pid : w.watchedPids()) {
                wanted.putIfAbsent(pid, "process " + pid);
            }
        }
        Set<Long> gone = replace(wanted);
        if (result.up() && filePid != null && gone.contains(filePid)) {
            return CheckResult.down(result.latency(), "pid file " + pidFile + " names process " + filePid
                    + ", which is not running");
        }
        if (result.up() && !wanted.isEmpty() && gone.containsAll(wanted.keySet()) && !unsupported) {
            return CheckResult.down(result.latency(), "every process found has exited since");
        }
        if (watches.isEmpty()) {
            return result;
        }
        Map<String, String> detail = new LinkedHashMap<>(result.detail()); // withDetail replaces: keep the check's
        detail.put("watching", String.join(", ", what.values()));
        return result.withDetail(detail);
    }

    /**
     * A watched process exited: the result to count now, or null when the check keeps running on its schedule
     * (a stale callback, or other found processes still run).
     */
    CheckResult exited(long gen, long pid, Instant now) {
        if (gen != generation || watches.remove(pid) == null) {
            return null;
        }
        String which = what.remove(pid);
        if (!watches.isEmpty() && !Long.valueOf(pid).equals(filePid)) {
            return null;
        }
        lastExit = now;
        cancelAll();
        return CheckResult.down(Duration.ZERO, which + " exited");
    }

    long generation() {
        return generation;
    }

    void close() {
        cancelAll();
    }

    /** Watches exactly {@code wanted}; returns the pids of it that are not running. */
    private Set<Long> replace(Map<Long, String> wanted) {
        Set<Long> gone = new HashSet<>();
        for (Iterator<Map.Entry<Long, ProcessExits.Watch>> it = watches.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, ProcessExits.Watch> e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().cancel();
                it.remove();
                what.remove(e.getKey());
            }
        }
        for (Map.Entry<Long, String> e : wanted.entrySet()) {
            long pid = e.getKey();
            if (watches.containsKey(pid) || unsupported) {
                continue;
            }
            long gen = generation;
            try {
                var w = exits.watch(pid, () -> callback.exited(gen, pid));
                if (w.isPresent()) {
                    watches.put(pid, w.get());
                    what.put(pid, e.getValue());
                } else {
                    gone.add(pid);
                }
            } catch (IOException ex) {
                unsupported = true;
                LOG.warn("{}: cannot watch process {} ({}); the check notices its exit on its next run only", label,
                        pid, ex.getMessage());
            }
        }
        return gone;
    }

    private void cancelAll() {
        generation++;
        for (ProcessExits.Watch w : watches.values()) {
            w.cancel();
        }
        watches.clear();
        what.clear();
    }
}
