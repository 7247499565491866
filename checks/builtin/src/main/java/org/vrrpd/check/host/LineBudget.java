package org.vrrpd.check.host;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * At most {@code lines} lines per sliding {@code window}: {@link #admit} says whether a line may be written now,
 * and counts the ones refused; {@link #takeSuppressed} hands over that count (to report before the next line that
 * is written) and resets it. Not thread-safe: callers hold their own lock or use one thread.
 */
final class LineBudget {

    private final int lines;
    private final Duration window;
    private final ArrayDeque<Instant> written = new ArrayDeque<>();
    private long suppressed;

    LineBudget(int lines, Duration window) {
        this.lines = lines;
        this.window = window;
    }

    boolean admit(Instant now) {
        while (!written.isEmpty() && written.peekFirst().isBefore(now.minus(window))) {
            written.pollFirst();
        }
        if (written.size() >= lines) {
            suppressed++;
            return false;
        }
        written.addLast(now);
        return true;
    }

    long takeSuppressed() {
        long n = suppressed;
        suppressed = 0;
        return n;
    }
}
