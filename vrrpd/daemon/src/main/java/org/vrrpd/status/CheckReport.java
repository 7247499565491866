package org.vrrpd.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One health check or tracked interface of an instance, as {@code vrrpctl checks} shows it.
 *
 * @param instance        the instance it belongs to
 * @param name            the check's name ({@code track:IFNAME} for a tracked interface)
 * @param type            the check type ({@code interface} for a tracked interface)
 * @param up              whether it counts as up (after rise/fall, or a state kept over a reload)
 * @param latencyMs       the last run's duration in milliseconds, or null before the first run
 * @param consecutiveOk   successes in a row
 * @param consecutiveFail failures in a row
 * @param weight          the configured weight (0 means Fault while down)
 * @param delta           the points it adds or takes now
 * @param message         the last run's message
 * @param detail          the check's own key/values from its last result, by key (empty for none)
 * @param inFlight        whether a run is under way
 * @param lastRun         when the last run finished, or null
 */
public record CheckReport(String instance, String name, String type, boolean up,
                          @JsonInclude(JsonInclude.Include.ALWAYS) Double latencyMs, int consecutiveOk,
                          int consecutiveFail, int weight, int delta, String message,
                          @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> detail, boolean inFlight,
                          @JsonInclude(JsonInclude.Include.ALWAYS) Instant lastRun) {

    public CheckReport {
        detail = detail == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(detail));
    }
}
