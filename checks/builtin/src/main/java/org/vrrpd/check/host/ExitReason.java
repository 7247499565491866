package org.vrrpd.check.host;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the host said before it died: a watchdog reason, or the last lines it printed. */
final class ExitReason {
    final CountDownLatch outputDone = new CountDownLatch(2);
    private String fatal;
    private String outOfMemory;
    private String last;

    void awaitOutput(Duration max) {
        try {
            outputDone.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized void fatal(String reason) {
        fatal = reason;
    }

    synchronized void lastLine(String line) {
        if (line.contains("OutOfMemoryError")) {
            outOfMemory = line.trim();
        }
        if (!line.isBlank()) {
            last = line.trim();
        }
    }

    synchronized String describe(int code) {
        if (fatal != null) {
            return fatal;
        }
        if (outOfMemory != null) {
            return "out of memory (" + outOfMemory + ")";
        }
        return "exit status " + code + (last == null ? "" : " (" + last + ")");
    }
}
