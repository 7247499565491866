package org.vrrpd.check.runtime;

/**
 * keepalived's rise/fall counting for one check: {@code rise} consecutive successes turn a down check up,
 * {@code fall} consecutive failures turn an up check down, and anything in between leaves the state alone.
 *
 * <p>A check starts <b>down</b> and needs {@code rise} successes before it first counts as up (keepalived's
 * {@code init_fail}): a node that has just started must not claim priority on the strength of checks it has not
 * run yet. With the default rise of 1 the first successful run decides.
 */
public final class Hysteresis {

    private final int rise;
    private final int fall;
    private boolean up;
    private int successes;
    private int failures;

    public Hysteresis(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1, got rise " + rise + ", fall " + fall);
        }
        this.rise = rise;
        this.fall = fall;
    }

    /** Counts one result; returns true when it flipped the state. */
    public boolean record(boolean ok) {
        if (ok) {
            failures = 0;
            successes = Math.min(successes + 1, Integer.MAX_VALUE - 1);
            if (!up && successes >= rise) {
                up = true;
                return true;
            }
        } else {
            successes = 0;
            failures = Math.min(failures + 1, Integer.MAX_VALUE - 1);
            if (up && failures >= fall) {
                up = false;
                return true;
            }
        }
        return false;
    }

    /** A failure that decides at once (the watched process exited): down now; returns true when it flipped. */
    public boolean failNow() {
        boolean flipped = up;
        up = false;
        successes = 0;
        failures = Math.min(Math.max(failures + 1, fall), Integer.MAX_VALUE - 1);
        return flipped;
    }

    public boolean up() {
        return up;
    }

    /** Consecutive successes so far (0 after a failure). */
    public int successes() {
        return successes;
    }

    /** Consecutive failures so far (0 after a success). */
    public int failures() {
        return failures;
    }

    public int rise() {
        return rise;
    }

    public int fall() {
        return fall;
    }
}
