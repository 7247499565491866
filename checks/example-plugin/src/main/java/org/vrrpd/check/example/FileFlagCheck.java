package org.vrrpd.check.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * An example operator plugin: a check that is up or down depending on whether a flag file exists. With
 * {@code weight: -60} and {@code up_when: absent}, {@code touch /etc/vrrpd/maintenance} drains a node without
 * stopping the daemon. It depends on nothing but the check API, which the daemon provides.
 */
public final class FileFlagCheck implements Check {

    private final Path path;
    private final FileFlagConfig.UpWhen upWhen;

    FileFlagCheck(Path path, FileFlagConfig.UpWhen upWhen) {
        this.path = path;
        this.upWhen = upWhen;
    }

    @Override
    public CheckResult run(CheckContext context) {
        Instant start = context.clock().instant();
        boolean present = Files.exists(path);
        boolean up = present == (upWhen == FileFlagConfig.UpWhen.PRESENT);
        Duration latency = Duration.between(start, context.clock().instant());
        String message = "flag " + path + (present ? " present" : " absent");
        return up ? CheckResult.up(latency, message) : CheckResult.down(latency, message);
    }

    /** Registers {@code type: file_flag} through META-INF/services. */
    public static final class Factory implements CheckFactory<FileFlagConfig> {
        @Override
        public String type() {
            return "file_flag";
        }

        @Override
        public Class<FileFlagConfig> configClass() {
            return FileFlagConfig.class;
        }

        @Override
        public Check create(FileFlagConfig config) throws CheckConfigException {
            if (config.path() == null || !config.path().startsWith("/")) {
                throw new CheckConfigException("file_flag check: path must be an absolute file name");
            }
            return new FileFlagCheck(Paths.get(config.path()), config.upWhen());
        }
    }
}
