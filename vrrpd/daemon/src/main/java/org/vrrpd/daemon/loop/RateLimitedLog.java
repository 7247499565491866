package org.vrrpd.daemon.loop;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs a repeated condition at most once per period per key (RFC 9568 §7.1 asks for rate-limited logging of
 * bad adverts), saying how many were suppressed since the last line. Protocol thread only.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final ProtocolScheduler clock;
    private final long periodNanos;
    private final Map<String, long[]> last = new HashMap<>();

    public RateLimitedLog(Logger log, ProtocolScheduler clock, long periodNanos) {
        this.log = log;
        this.clock = clock;
        this.periodNanos = periodNanos;
    }

    public void warn(String key, String format, Object... args) {
        if (due(key)) {
            log.warn(format + suffix(key), args);
        }
    }

    public void info(String key, String format, Object... args) {
        if (due(key)) {
            log.info(format + suffix(key), args);
        }
    }

    public void debug(String key, String format, Object... args) {
        if (log.isDebugEnabled() && due(key)) {
            log.debug(format + suffix(key), args);
        } else if (!log.isDebugEnabled()) {
            // still counted by the caller's counters; rejected adverts are visible in status and metrics
            return;
        }
    }

    private boolean due(String key) {
        long now = clock.nanoTime();
        long[] s = last.computeIfAbsent(key, k -> new long[] {now - periodNanos - 1, 0});
        if (now - s[0] > periodNanos) {
            s[0] = now;
            return true;
        }
        s[1]++;
        return false;
    }

    private String suffix(String key) {
        long[] s = last.get(key);
        long suppressed = s[1];
        s[1] = 0;
        return suppressed > 0 ? " (" + suppressed + " more suppressed)" : "";
    }
}
