package org.vrrpd.check.builtin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckContext;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.SecretFiles;

/**
 * keepalived's {@code vrrp_script}: exit status 0 is up, anything else is down with the exit code and the first
 * line of stderr; a run past its timeout has its process tree killed and is down.
 *
 * <p>The command runs without a shell unless {@code shell: true}, with a clean environment ({@code PATH} plus
 * {@code env}), stdin from {@code /dev/null} and stdout discarded. When the daemon runs as root the script runs
 * as {@code user} through {@code setpriv --reuid --regid --init-groups} (util-linux), or without {@code user} as
 * the daemon's global {@code script_user}; with neither, or with a user that resolves to uid 0, it is refused
 * unless {@code allow_root: true} (which, without {@code user}, runs it as root). When the daemon is not root it can only
 * run scripts as itself, so a different {@code user} is a configuration error.
 *
 * <p>Killing covers the process and the descendants alive at the time of the kill; a script that daemonises a
 * grandchild and exits is the script's own business, as in keepalived.
 */
public final class ScriptCheck implements Check {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ScriptConfig config;
    private final List<String> argv;

    ScriptCheck(ScriptConfig config, int daemonUid) throws CheckConfigException {
        this.config = config;
        if (config.command() == null || config.command().isEmpty()) {
            throw new CheckConfigException("script check: command must list the program and its arguments");
        }
        List<String> cmd = new ArrayList<>();
        if (daemonUid == 0) {
            String user = config.user() != null ? config.user()
                    : config.allowRoot() ? null : config.defaultUser();
            String which = config.user() != null ? "user '" + user + "'" : "script_user '" + user + "'";
            if (user == null) {
                if (!config.allowRoot()) {
                    throw new CheckConfigException("script check would run as root: set 'user:' (or the global"
                            + " 'script_user') to an unprivileged user (or 'allow_root: true' if it really needs"
                            + " root)");
                }
            } else {
                long[] ids = lookup(user);
                if (ids[0] == 0 && !config.allowRoot()) {
                    throw new CheckConfigException("script check: " + which
                            + " is root; use an unprivileged user (or 'allow_root: true')");
                }
                cmd.addAll(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--init-groups", "--"));
            }
        } else if (config.user() != null && lookup(config.user())[0] != daemonUid) {
            throw new CheckConfigException("script check: cannot run as '" + config.user()
                    + "' because the daemon is not root (it runs as uid " + daemonUid + ")");
        }
        if (config.shell()) {
            cmd.addAll(List.of("/bin/sh", "-c", String.join(" ", config.command())));
        } else {
            cmd.addAll(config.command());
        }
        this.argv = List.copyOf(cmd);
    }

    /** The argv actually started, with any setpriv prefix. */
    List<String> argv() {
        return argv;
    }

    @Override
    public CheckResult run(CheckContext context) throws IOException, InterruptedException {
        Clock clock = context.clock();
        Instant start = clock.instant();
        File stderr = File.createTempFile("vrrpd-script-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(ScriptProcesses.withDefaultSignals(argv))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr);
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", PATH);
            env.putAll(config.env());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return CheckResult.down(Duration.between(start, clock.instant()), "cannot start "
                        + argv.get(0) + ": " + e.getMessage());
            }
            boolean done;
            try {
                long wait = Math.max(0, Duration.between(clock.instant(), context.deadline()).toNanos());
                done = p.waitFor(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                ScriptProcesses.killTree(p);
                throw e;
            }
            Duration latency = Duration.between(start, clock.instant());
            if (!done) {
                ScriptProcesses.killTree(p);
                return CheckResult.down(latency, "timed out after " + LineConnection.human(config.timeout())
                        + ", killed");
            }
            int code = p.exitValue();
            if (code == 0) {
                return CheckResult.up(latency, "exit 0");
            }
            String first = ScriptProcesses.firstLine(stderr);
            return CheckResult.down(latency, "exit " + code + (first.isEmpty() ? "" : ": " + first));
        } finally {
            Files.deleteIfExists(stderr.toPath());
        }
    }

    /** uid and gid of a user, via {@code getent passwd} (so NSS users work too). */
    static long[] lookup(String user) throws CheckConfigException {
        try {
            return ScriptProcesses.passwdIds(user);
        } catch (IOException e) {
            throw new CheckConfigException("script check: " + e.getMessage(), e);
        }
    }

    /** Registers {@code type: script}. */
    public static final class Factory implements CheckFactory<ScriptConfig> {
        @Override
        public String type() {
            return "script";
        }

        @Override
        public Class<ScriptConfig> configClass() {
            return ScriptConfig.class;
        }

        @Override
        public Check create(ScriptConfig config) throws CheckConfigException {
            return new ScriptCheck(config, SecretFiles.currentUid());
        }
    }
}
