package org.vrrpd.daemon.tuning;

import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the instances' Master-path rehearsals (side-effect-free passes over what a takeover does, see
 * {@code MasterRehearsal}) on a background thread, enough times for the JIT to compile the path, so that a
 * Backup's first takeover is as prompt as its hundredth. Started after the instances are up and again after a
 * reload; {@code -Dvrrpd.master_warmup_rounds=N} sets the passes per instance (0 turns it off).
 */
public final class MasterPathWarmup {

    private static final Logger LOG = LoggerFactory.getLogger(MasterPathWarmup.class);
    /** C1 compiles a method after ~200 calls (Tier3InvocationThreshold); every pass calls each piece once or more. */
    static final int DEFAULT_ROUNDS = 1000;

    private MasterPathWarmup() {
    }

    public static int rounds() {
        return Math.max(0, Integer.getInteger("vrrpd.master_warmup_rounds", DEFAULT_ROUNDS));
    }

    /** Starts a daemon thread that runs each rehearsal {@link #rounds()} times; null when there is nothing to do. */
    public static Thread start(List<LongSupplier> rehearsals) {
        int rounds = rounds();
        if (rounds == 0 || rehearsals.isEmpty()) {
            return null;
        }
        List<LongSupplier> copy = List.copyOf(rehearsals);
        Thread t = new Thread(() -> run(copy, rounds), "vrrpd-master-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /** Runs every rehearsal {@code rounds} times on the calling thread; returns the rehearsals' combined result. */
    static long run(List<LongSupplier> rehearsals, int rounds) {
        long started = System.nanoTime();
        long sink = 0;
        try {
            for (int i = 0; i < rounds; i++) {
                for (LongSupplier r : rehearsals) {
                    sink += r.getAsLong();
                }
            }
        } catch (RuntimeException e) { // a rehearsal is best effort: the real path reports its own errors
            LOG.debug("master path warm-up stopped: {}", e.toString());
            return sink;
        }
        LOG.debug("master path warmed up: {} instance(s) x {} rounds in {} ms", rehearsals.size(), rounds,
                (System.nanoTime() - started) / 1_000_000);
        return sink;
    }
}
