package org.vrrpd.check.builtin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.IndependentRuns;

/** Up when a TCP connection to host:port completes before the deadline; the connection is closed at once. */
public final class TcpCheck implements Check, IndependentRuns {

    private final TcpConfig config;

    TcpCheck(TcpConfig config) throws CheckConfigException {
        if (config.port() < 1 || config.port() > 65535) {
            throw new CheckConfigException("tcp check: port must be 1-65535, got " + config.port());
        }
        this.config = config;
    }

    @Override
    public CheckResult run(CheckContext context) {
        Clock clock = context.clock();
        Instant start = clock.instant();
        try (LineConnection c = LineConnection.open(config.host(), config.port(), null, clock, context.deadline(),
                config.timeout())) {
            return CheckResult.up(Duration.between(start, clock.instant()),
                    "connected to " + config.host() + ":" + config.port());
        } catch (ProbeFailure f) {
            return CheckResult.down(Duration.between(start, clock.instant()), f.getMessage());
        }
    }

    /** Registers {@code type: tcp}. */
    public static final class Factory implements CheckFactory<TcpConfig> {
        @Override
        public String type() {
            return "tcp";
        }

        @Override
        public Class<TcpConfig> configClass() {
            return TcpConfig.class;
        }

        @Override
        public Check create(TcpConfig config) throws CheckConfigException {
            return new TcpCheck(config);
        }
    }
}
