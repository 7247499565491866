package org.vrrpd.daemon.health;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.Durations;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.check.host.RemoteCheck;
import org.vrrpd.check.runtime.MonotonicClock;
import org.vrrpd.check.runtime.PluginException;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.check.runtime.RuntimeCheckContext;
import org.vrrpd.config.CheckSpec;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.ctl.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vrrpd check run INSTANCE CHECK}: runs one configured check once, as the daemon would (a built-in check in
 * this process, a plugin check in its own plugin host started with the configured {@code plugin_host} settings),
 * within its {@code timeout}, and prints its result and detail. Touches no interface, address or running daemon.
 *
 * <p>Exit codes: 0 UP; 1 the configuration is invalid, or names no such check; 4 DOWN.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run one configured check once and print its result and detail.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the check is UP", "1:the configuration is invalid, or has no such instance or check",
            "2:bad usage", "4:the check is DOWN"})
public final class CheckRunCommand implements Callable<Integer> {

    static final int EXIT_INVALID = 1;
    static final int EXIT_DOWN = 4;

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "the instance whose check to run")
    String instance;

    @Parameters(index = "1", paramLabel = "CHECK", description = "the check's name")
    String check;

    @Option(names = {"-f", "--config"}, defaultValue = "/etc/vrrpd/vrrpd.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckPlugins plugins;
        VrrpdConfig cfg;
        try {
            plugins = CheckPlugins.load(config);
            plugins.refusals().forEach(r -> err.println("vrrpd: " + r));
            cfg = ConfigLoader.load(config, plugins.types());
        } catch (PluginException e) {
            err.println("vrrpd: " + e.getMessage());
            err.flush();
            return EXIT_INVALID;
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            err.println(config + ": invalid, " + e.problems().size() + " problem(s)");
            err.flush();
            return EXIT_INVALID;
        }
        Optional<CheckSpec> found = cfg.instances().stream().filter(i -> i.name().equals(instance))
                .flatMap(i -> i.checks().stream()).filter(c -> c.name().equals(check)).findFirst();
        if (found.isEmpty()) {
            err.println("vrrpd: " + config + " has no check '" + check + "' in instance '" + instance + "' (checks: "
                    + cfg.instances().stream().filter(i -> i.name().equals(instance))
                    .flatMap(i -> i.checks().stream()).map(CheckSpec::name).toList() + ")");
            err.flush();
            return EXIT_INVALID;
        }
        plugins.useHostSettings(cfg.global().pluginHost());
        try {
            CheckResult r = runOnce(plugins, cfg.instances().stream().filter(i -> i.name().equals(instance))
                    .findFirst().orElseThrow(), found.get());
            print(out, found.get(), r);
            return r.up() ? 0 : EXIT_DOWN;
        } finally {
            plugins.closeHosts();
        }
    }

    static CheckResult runOnce(CheckPlugins plugins, InstanceConfig ic, CheckSpec spec) throws InterruptedException {
        Duration timeout = spec.config().timeout();
        Check c;
        try {
            Optional<Path> hostJar = plugins.hostJarOf(spec.factory());
            spec.create().close(); // the factory's own refusal, as at start-up
            if (hostJar.isPresent()) {
                RemoteCheck rc = plugins.hosts().check(hostJar.get(), spec.type(), spec.source(),
                        ic.name() + "/" + spec.name());
                if (!rc.host().awaitReady(PluginPreflight.HOST_START)) {
                    rc.close();
                    String why = rc.host().downReason();
                    return CheckResult.down(Duration.ZERO, "plugin host did not start"
                            + (why == null ? "" : ": " + why));
                }
                c = rc;
            } else {
                c = spec.create();
            }
        } catch (Exception e) {
            return CheckResult.down(Duration.ZERO, "instance '" + ic.name() + "': check '" + spec.name()
                    + "' cannot be created: " + PluginLoader.withCauses(e));
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vrrpd-check-run");
            t.setDaemon(true);
            return t;
        });
        Clock clock = MonotonicClock.system(); // deadlines a stepped wall clock cannot move
        Instant deadline = clock.instant().plus(timeout);
        try {
            Future<CheckResult> f = worker.submit(() -> c.run(new RuntimeCheckContext(clock, deadline,
                    SecretFiles.currentUid())));
            CheckResult r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return r != null ? r : CheckResult.down(Duration.ZERO, "check returned no result");
        } catch (TimeoutException e) {
            return CheckResult.down(timeout, "timed out after " + Durations.format(timeout));
        } catch (ExecutionException e) {
            Throwable t = e.getCause();
            return CheckResult.down(Duration.ZERO, "check threw " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        } finally {
            worker.shutdownNow();
            c.close();
        }
    }

    static void print(PrintWriter out, CheckSpec spec, CheckResult r) {
        out.printf("%s (%s): %s in %.1fms: %s%n", spec.name(), spec.type(), r.up() ? "UP" : "DOWN",
                r.latency().toNanos() / 1e6, r.message());
        for (Map.Entry<String, String> e : new TreeMap<>(r.detail()).entrySet()) {
            out.printf("  %s: %s%n", e.getKey(), e.getValue());
        }
        out.flush();
    }

    /** {@code vrrpd check}: the parent of {@code run}. */
    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Health check tools.", subcommands = {CheckRunCommand.class})
    public static final class Group {
    }
}
