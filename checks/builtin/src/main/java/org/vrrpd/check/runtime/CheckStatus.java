package org.vrrpd.check.runtime;

import java.time.Instant;
import org.vrrpd.check.api.CheckResult;

/**
 * One check's state as {@code vrrpctl checks} shows it.
 *
 * @param name       the check's name
 * @param up         the state after rise/fall
 * @param weight     the configured weight
 * @param successes  consecutive successes
 * @param failures   consecutive failures
 * @param lastResult the last result counted, or null before the first run ends
 * @param lastRun    when that result was counted, on the wall clock (for people; nothing is scheduled from it), or null
 * @param inFlight   whether a run is going on now (a run past its timeout stays in flight until it returns)
 */
public record CheckStatus(String name, boolean up, int weight, int successes, int failures, CheckResult lastResult,
                          Instant lastRun, boolean inFlight) {
}
