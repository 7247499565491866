package org.vrrpd.check.runtime;

import java.time.Duration;
import java.time.Instant;
import org.vrrpd.check.api.CheckResult;

/**
 * One check's place in a {@link CheckScheduler}: its hysteresis, its run in flight, its timers, and its grid (the
 * fast-retry timing). Guarded by the scheduler's lock.
 */
final class CheckSlot {
    final ScheduledCheck check;
    final Hysteresis hysteresis;
    /** Two runs may be in flight at once ({@link IndependentRuns}). */
    final boolean independentRuns;
    TaskTimer.Cancellable tickHandle;
    TaskTimer.Cancellable timeoutHandle;
    /** Fires {@code fast_interval} after a run starts, to start a second run beside it if it is still going. */
    TaskTimer.Cancellable lateHandle;
    /** The run started beside the current one, while it is in flight (returned or not after its timeout). */
    SecondRun second;
    /** When the newest run whose result was counted started: an older run's result comes too late to count. */
    Instant countedStart;
    boolean inFlight;
    boolean timedOut;
    /** A run fell due while the previous one was past its timeout: start it when that one returns. */
    boolean overdue;
    Instant overdueDue;
    /** The grid point the next tick is armed for, and the one the last run stood for. */
    Instant due;
    Instant anchor;
    long runId;
    Instant runStarted;
    Thread runThread;
    ExitWatch exits;
    CheckResult last;
    Instant lastRun;

    CheckSlot(ScheduledCheck check) {
        this.check = check;
        this.hysteresis = new Hysteresis(check.rise(), check.fall());
        this.independentRuns = check.check() instanceof IndependentRuns;
    }

    /** An up check with a failure short of fall, or a down one with a success short of rise. */
    boolean inDoubt() {
        return hysteresis.up() ? hysteresis.failures() > 0 : hysteresis.successes() > 0;
    }

    /**
     * The next tick on the check's grid ({@code anchor + k * spacing}, the anchor being the grid point the last
     * run stood for, the spacing the fast interval while the check is in doubt): the point after the anchor, or at
     * once if that point has passed while the run was going (standing for the latest point passed, so a check that
     * fell behind runs once, not a burst). With {@code after} (nothing ran), the first point after {@code now}.
     * Sets {@link #due} to the grid point the tick stands for and returns when the tick fires.
     */
    Instant nextTick(Instant now, boolean after) {
        Duration spacing = inDoubt() ? check.fastInterval() : check.interval();
        long step = spacing.toNanos();
        long since = Math.max(0, Duration.between(anchor, now).toNanos());
        Instant next;
        if (after) {
            next = anchor.plusNanos((since / step + 1) * step);
            due = next;
        } else if (since <= step) {
            next = anchor.plusNanos(step);
            due = next;
        } else {
            next = now;
            due = anchor.plusNanos(since / step * step);
        }
        return next;
    }

    CheckStatus status() {
        return new CheckStatus(check.name(), hysteresis.up(), check.weight(), hysteresis.successes(),
                hysteresis.failures(), last, lastRun, inFlight);
    }
}
