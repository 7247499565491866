package org.vrrpd.check.host;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin host's stderr, read to its end on a thread of its own: each line logged at WARN with the JAR's name,
 * at most {@link PluginHost#STDERR_LINES_PER_WINDOW} per {@link PluginHost#STDERR_WINDOW} (the rest counted and
 * reported as suppressed), the last line kept for the host's exit reason.
 */
final class HostStderr {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private HostStderr() {
    }

    static void drain(InputStream stderr, String jarName, Clock clock, ExitReason reason) {
        BoundedLines in = new BoundedLines(buffered(stderr), 4096);
        LineBudget budget = new LineBudget(PluginHost.STDERR_LINES_PER_WINDOW, PluginHost.STDERR_WINDOW);
        try {
            String line;
            while ((line = in.readLine()) != null) {
                reason.lastLine(line);
                if (budget.admit(clock.instant())) {
                    long suppressed = budget.takeSuppressed();
                    if (suppressed > 0) {
                        LOG.warn("plugin {}: ({} line(s) of output suppressed)", jarName, suppressed);
                    }
                    LOG.warn("plugin {}: {}", jarName, line);
                }
            }
        } catch (IOException e) {
            LOG.debug("plugin host for {}: stderr: {}", jarName, e.getMessage());
        }
        long suppressed = budget.takeSuppressed();
        if (suppressed > 0) {
            LOG.warn("plugin {}: ({} line(s) of output suppressed)", jarName, suppressed);
        }
        reason.outputDone.countDown();
    }

    static InputStream buffered(InputStream in) {
        return in instanceof BufferedInputStream ? in : new BufferedInputStream(in);
    }
}
