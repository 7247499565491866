package org.vrrpd.daemon;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.runtime.PluginException;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.ConfigProblem;
import org.vrrpd.config.HostInterfaces;
import org.vrrpd.config.HostWarnings;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.control.ControlServer;
import org.vrrpd.ctl.Version;
import org.vrrpd.daemon.health.CheckPlugins;
import org.vrrpd.daemon.health.CheckRunCommand;
import org.vrrpd.daemon.health.HealthSupervisor;
import org.vrrpd.daemon.log.LogLevels;
import org.vrrpd.daemon.loop.LoopTimerPrecision;
import org.vrrpd.daemon.metrics.MetricsEndpoint;
import org.vrrpd.daemon.metrics.MetricsRenderer;
import org.vrrpd.daemon.notify.NotifyDispatcher;
import org.vrrpd.daemon.systemd.Capabilities;
import org.vrrpd.daemon.tuning.StartupWarmup;
import org.vrrpd.daemon.tuning.StopNiceness;
import org.vrrpd.status.BuildVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vrrpd}: runs the daemon in the foreground from a config file until SIGTERM or SIGINT, which hand
 * every VIP over (priority-0 adverts) and remove it before exiting. SIGHUP reloads the config.
 *
 * <p>Exit codes (also in {@code --help} and the man page): 0 clean stop; 1 the configuration or a plugin it
 * names is invalid (permanent: the unit's {@code RestartPreventExitStatus=1}); 3 the daemon cannot run now
 * (missing capability, interface or address; systemd restarts it) — keepalived's codes for the same cases.
 */
@Command(name = "vrrpd", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "VRRPv3/VRRPv2 daemon with service health checks.",
        subcommands = {Main.ConfigCommand.class, CheckRunCommand.Group.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGTERM, SIGINT), or --check-config found the file valid",
            "1:the configuration (or a check plugin it names) is invalid: fix it; systemd does not restart",
            "2:bad usage",
            "3:cannot run now: a missing capability, interface or address, or the control socket or metrics"
                + " port in use; systemd restarts"})
public final class Main implements Callable<Integer> {

    static final int EXIT_CONFIG = 1;
    static final int EXIT_CANNOT_RUN = 3;

    /** Held apart so that loading {@code Main} does not configure logging: the warm-up thread does that. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Main.class);
    }


    @Option(names = {"-f", "--config"}, defaultValue = "/etc/vrrpd/vrrpd.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = {"-t", "--check-config"}, description = "validate the configuration and exit")
    boolean checkOnly;

    @Option(names = "--control-socket", description = "control socket path (overrides the config file)")
    Path controlSocket;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LoopTimerPrecision.apply(); // before any Netty epoll class is loaded
        if (StartupWarmup.worthIt(args)) {
            StartupWarmup.begin(); // logging and the native edge, while picocli and Jackson run here
        } else {
            DaemonSignals.endCommandOnSignals(); // a one-shot command: Ctrl-C and SIGTERM still end it
        }
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        StartupWarmup.awaitLogging();
        CheckPlugins plugins = ConfigCommand.plugins(config, spec.commandLine().getErr());
        if (plugins == null) {
            return EXIT_CONFIG; // a refused plugin is fixed by the operator, not by a restart
        }
        VrrpdConfig cfg = ConfigCommand.validate(config, plugins, spec.commandLine().getErr(),
                checkOnly ? spec.commandLine().getOut() : null);
        if (cfg == null) {
            return EXIT_CONFIG;
        }
        if (checkOnly) {
            return 0;
        }
        if (System.getProperty("vrrpd.log.level") == null) {
            LogLevels.setRoot(cfg.global().logLevel().name());
        }
        if (!cfg.instances().isEmpty()) {
            var missing = Capabilities.startupError();
            if (missing.isPresent()) {
                spec.commandLine().getErr().println("vrrpd: cannot start: " + missing.get());
                spec.commandLine().getErr().flush();
                Log.LOG.error("cannot start: {}", missing.get());
                return EXIT_CANNOT_RUN;
            }
        }
        Daemon daemon;
        NotifyDispatcher notify = NotifyDispatcher.forConfig(cfg.global());
        try {
            daemon = Daemon.start(config, cfg, plugins, List.of(notify));
        } catch (IOException | RuntimeException e) {
            notify.close(Duration.ZERO);
            spec.commandLine().getErr().println("vrrpd: cannot start: " + e.getMessage());
            spec.commandLine().getErr().flush();
            Log.LOG.error("cannot start: {}", e.getMessage());
            return EXIT_CANNOT_RUN;
        }
        notify.scriptsFrom(name -> daemon.currentConfig().instances().stream()
                .filter(i -> i.name().equals(name)).findFirst().map(InstanceConfig::notifyScripts));
        // global: changes on reload (metrics, plugin hosts, log level, admin group); the command line's settings win
        Set<String> fixed = new TreeSet<>();
        if (controlSocket != null) {
            fixed.add("control_socket");
        }
        if (System.getProperty("vrrpd.log.level") != null) {
            fixed.add("log_level");
        }
        GlobalReload globals = new GlobalReload(cfg.global(), plugins, LogLevels::setRoot, fixed);
        ConfigReloader reloader = new ConfigReloader(daemon, globals);
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment(daemon);
        DaemonControl control = new DaemonControl(daemon, () -> systemd.reload(reloader::reload));
        control.checksView(daemon.health());
        MetricsEndpoint metrics = new MetricsEndpoint(control, daemon.checkLatencies(),
                () -> new MetricsRenderer.Extra(notify.droppedEvents(), notify.droppedFifoLines(),
                        notify.scriptFailures()));
        try {
            metrics.start(cfg.global().metrics());
        } catch (IOException e) {
            return cannotRun("cannot listen for metrics: " + e.getMessage(), daemon::close,
                    () -> notify.close(Duration.ZERO));
        }
        globals.metrics(metrics);
        Path socketPath = controlSocket != null ? controlSocket : cfg.global().controlSocket();
        ControlServer server;
        try {
            String admins = cfg.global().adminGroup(); // owns the socket: its members may read and change
            server = ControlServer.start(socketPath, admins, groupId(admins), control);
        } catch (IOException e) {
            return cannotRun(e.getMessage(), metrics::close, daemon::close, () -> notify.close(Duration.ZERO));
        }
        globals.controlServer(server);
        CountDownLatch stop = new CountDownLatch(1);
        String signals;
        try {
            signals = DaemonSignals.install(daemon, new DaemonSignals.Actions(() -> {
                daemon.handOver(); // the priority-0 adverts leave before anything else happens
                stop.countDown();
            }, () -> systemd.reloadFromSignal(reloader::reload)));
        } catch (IOException e) {
            return cannotRun(e.getMessage(), server::close, metrics::close, daemon::close,
                    () -> notify.close(Duration.ZERO));
        }
        Log.LOG.info("vrrpd {} running {} instance(s) from {}; control socket {}; signals read by {}",
                BuildVersion.string(), cfg.instances().size(), config, socketPath, signals);
        try {
            systemd.start();
        } catch (IOException e) {
            Log.LOG.warn("systemd notification: {}", e.getMessage());
        }
        stop.await();
        daemon.awaitHandOver();
        StopNiceness.apply(); // what is left of the stop yields to everything else on the node
        systemd.stopping();
        Log.LOG.info("stopping: handing over VIPs");
        daemon.close(); // before the servers: the priority-0 adverts let the Backup take over after Skew_Time
        server.close();
        metrics.close();
        notify.close(Duration.ofSeconds(5));
        Log.LOG.info("stopped");
        return 0;
    }

    /** Closes what was started, in the order given, and says on stderr why the daemon cannot run. */
    private int cannotRun(String why, Runnable... closeInOrder) {
        for (Runnable close : closeInOrder) {
            close.run();
        }
        spec.commandLine().getErr().println("vrrpd: " + why);
        spec.commandLine().getErr().flush();
        return EXIT_CANNOT_RUN;
    }

    /** The gid of a group from /etc/group, if it exists. */
    static OptionalInt groupId(String group) {
        if (group == null || group.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(group)) {
                    return OptionalInt.of(Integer.parseInt(f[2]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            Log.LOG.debug("cannot read /etc/group: {}", e.getMessage());
        }
        return OptionalInt.empty();
    }

    /** {@code vrrpd config check [FILE]}: validate a configuration file without running anything. */
    @Command(name = "config", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Configuration tools.", subcommands = {CheckCommand.class})
    static final class ConfigCommand {

        /** The check plugins in the file's plugin_dir; prints the reason and returns null when refused. */
        static CheckPlugins plugins(Path file, PrintWriter err) {
            try {
                CheckPlugins plugins = CheckPlugins.load(file);
                plugins.refusals().forEach(r -> err.println("vrrpd: " + r));
                err.flush();
                return plugins;
            } catch (PluginException e) {
                err.println("vrrpd: " + e.getMessage());
                err.flush();
                return null;
            }
        }

        /** Loads plugins, then validates; prints problems to err; null when invalid. */
        static VrrpdConfig validate(Path file, PrintWriter err, PrintWriter okOut) {
            CheckPlugins plugins = plugins(file, err);
            return plugins == null ? null : validate(file, plugins, err, okOut);
        }

        /**
         * Loads and validates; prints problems (file:line:column: reason) to err; null when invalid. With
         * {@code okOut} (a check only), every check is also built by its factory, as the start would, and every
         * plugin check once more in its own plugin host, as the daemon would run it.
         */
        static VrrpdConfig validate(Path file, CheckPlugins plugins, PrintWriter err, PrintWriter okOut) {
            return validate(file, plugins, err, okOut, HostInterfaces.ofThisHost());
        }

        /**
         * As {@link #validate(Path, CheckPlugins, PrintWriter, PrintWriter)}; a check ({@code okOut}) also warns,
         * on err, about what the file names that {@code host} lacks (interfaces, a unicast source address): a
         * warning, not a refusal, since files are checked on other machines too.
         */
        static VrrpdConfig validate(Path file, CheckPlugins plugins, PrintWriter err, PrintWriter okOut,
                                    HostInterfaces host) {
            try {
                VrrpdConfig cfg = ConfigLoader.load(file, plugins.types());
                List<String> unbuilt = okOut == null ? List.of() : HealthSupervisor.buildProblems(cfg.instances());
                if (okOut != null && unbuilt.isEmpty()) {
                    plugins.useHostSettings(cfg.global().pluginHost());
                    unbuilt = HealthSupervisor.hostProblems(cfg.instances(), plugins);
                }
                if (!unbuilt.isEmpty()) {
                    unbuilt.forEach(p -> err.println(file + ": " + p));
                    err.println(file + ": invalid, " + unbuilt.size() + " check(s) refused by their factory");
                    err.flush();
                    return null;
                }
                if (okOut != null) {
                    List<String> warnings = HostWarnings.of(cfg, host);
                    warnings.forEach(w -> err.println(file + ": warning: " + w));
                    err.flush();
                    okOut.println(file + ": OK, " + cfg.instances().size() + " instance(s)"
                            + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s) about this host"));
                    okOut.flush();
                }
                return cfg;
            } catch (ConfigException e) {
                for (ConfigProblem p : e.problems()) {
                    err.println(p);
                }
                err.println(file + ": invalid, " + e.problems().size() + " problem(s)");
                err.flush();
                return null;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Validate a configuration file and exit 0 (valid) or 1 (invalid).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid (warnings about this host, e.g. an interface it lacks, are printed but do not"
                    + " change it)", "1:invalid: each problem printed as file:line:column: reason", "2:bad usage"})
    static final class CheckCommand implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "FILE", defaultValue = "/etc/vrrpd/vrrpd.yaml",
                description = "file to check (default: ${DEFAULT-VALUE})")
        Path file;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return ConfigCommand.validate(file, spec.commandLine().getErr(), spec.commandLine().getOut()) == null
                    ? EXIT_CONFIG : 0;
        }
    }
}
