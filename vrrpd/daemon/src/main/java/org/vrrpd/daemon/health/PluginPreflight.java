package org.vrrpd.daemon.health;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.check.host.RemoteCheck;
import org.vrrpd.check.runtime.MonotonicClock;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.check.runtime.RuntimeCheckContext;
import org.vrrpd.config.CheckSpec;
import org.vrrpd.config.InstanceConfig;

/**
 * The first run of a plugin upgrade's checks, before the reload swaps them in: every check of the new
 * configuration whose type comes from a JAR loaded by this reload as a new version ({@link
 * CheckPlugins.Refresh#upgrades}) is created in the new JAR's own plugin host, beside the old one, and run once.
 * Only when every such check is created and UP does the reload go on; the replaced checks then start UP (no
 * priority dip while the new code takes its first scheduled run). Otherwise the reload is refused with the JAR,
 * the check and the reason, and the old host keeps running.
 *
 * <p>Runs on the reload thread, never the protocol thread: a first run may take the check's whole timeout.
 * {@link #close} releases the new host's checks once the reload has registered its own (the host stays up).
 */
public final class PluginPreflight implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginPreflight.class);

    /** How long a new plugin host may take to start and load its JAR before the first run. */
    static final Duration HOST_START = Duration.ofSeconds(15);

    private final List<RemoteCheck> held;
    private final Set<String> passed;
    private Runnable onClose = () -> { };

    private PluginPreflight(List<RemoteCheck> held, Set<String> passed) {
        this.held = held;
        this.passed = passed;
    }

    /** Nothing to check (no upgrade in this reload). */
    static PluginPreflight none() {
        return new PluginPreflight(List.of(), Set.of());
    }

    /** Whether this check of that instance passed its first run on the new code. */
    public boolean passed(String instance, String check) {
        return passed.contains(instance + "\u0000" + check);
    }

    /** Whether any check was run. */
    public boolean ran() {
        return !passed.isEmpty();
    }

    static PluginPreflight run(CheckPlugins plugins, CheckPlugins.Refresh refresh, List<InstanceConfig> instances)
            throws IOException {
        if (refresh.upgraded().isEmpty()) {
            return none();
        }
        List<RemoteCheck> held = new ArrayList<>();
        Set<String> passed = new HashSet<>();
        try {
            for (InstanceConfig ic : instances) {
                for (CheckSpec spec : ic.checks()) {
                    if (!refresh.upgrades(spec.factory())) {
                        continue;
                    }
                    Path jar = plugins.jarOf(spec.factory()).orElseThrow();
                    Path hostJar = plugins.hostJarOf(spec.factory()).orElseThrow();
                    String what = "upgrade to " + jar.getFileName() + " refused: instance '" + ic.name()
                            + "': check '" + spec.name() + "' (" + spec.type() + ")";
                    try {
                        spec.create().close(); // the plugin's own message for settings it refuses
                    } catch (Exception e) {
                        throw new IOException(what + ": " + PluginLoader.withCauses(e));
                    }
                    RemoteCheck rc = plugins.hosts().check(hostJar, spec.type(), spec.source(),
                            ic.name() + "/" + spec.name());
                    held.add(rc);
                    CheckResult r = firstRun(rc, spec.config().timeout());
                    if (!r.up()) {
                        throw new IOException(what + ": its first run on the new version was DOWN: " + r.message());
                    }
                    passed.add(ic.name() + "\u0000" + spec.name());
                    LOG.info("{}: check '{}' ran UP on {} ({}): {}", ic.name(), spec.name(), jar.getFileName(),
                            spec.type(), r.message());
                }
            }
        } catch (IOException | RuntimeException e) {
            held.forEach(RemoteCheck::close);
            throw e;
        }
        return new PluginPreflight(held, passed);
    }

    private static CheckResult firstRun(RemoteCheck rc, Duration timeout) throws IOException {
        try {
            if (!rc.host().awaitReady(HOST_START)) {
                String why = rc.host().downReason();
                return CheckResult.down(Duration.ZERO, "the new plugin host did not start within "
                        + HOST_START.toSeconds() + "s" + (why == null ? "" : ": " + why));
            }
            Clock clock = MonotonicClock.system(); // deadlines a stepped wall clock cannot move
            Instant deadline = clock.instant().plus(timeout);
            return rc.run(new RuntimeCheckContext(clock, deadline, SecretFiles.currentUid()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (Exception e) {
            return CheckResult.down(Duration.ZERO, "threw " + PluginLoader.withCauses(e));
        }
    }

    void onClose(Runnable r) {
        onClose = r;
    }

    @Override
    public void close() {
        onClose.run();
        held.forEach(RemoteCheck::close);
    }
}
