package org.vrrpd.daemon.health;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.vrrpd.check.host.HostProcess;
import org.vrrpd.check.host.JvmHostLauncher;
import org.vrrpd.check.host.PluginHostSettings;

/**
 * Starts plugin hosts with the {@code plugin_host:} settings in force when each one starts: a reload's new heap,
 * thread limit or nice value reaches the hosts started from then on (a new JAR, a new check type, a restart
 * after a crash), while running hosts keep theirs. Each settings change gets its own launcher thread, since the
 * nice value belongs to that thread; the earlier ones are closed with this.
 */
final class SettingsLauncher implements HostProcess.Launcher, AutoCloseable {

    private final Function<PluginHostSettings, JvmHostLauncher> factory;
    private final List<JvmHostLauncher> retired = new ArrayList<>();
    private PluginHostSettings settings;
    private JvmHostLauncher current;

    SettingsLauncher(PluginHostSettings settings, Function<PluginHostSettings, JvmHostLauncher> factory) {
        this.factory = factory;
        this.settings = settings;
        this.current = factory.apply(settings);
    }

    /** The settings of the hosts started from now on. */
    synchronized void use(PluginHostSettings next) {
        if (next.equals(settings)) {
            return;
        }
        retired.add(current);
        settings = next;
        current = factory.apply(next);
    }

    synchronized PluginHostSettings settings() {
        return settings;
    }

    /** The command line the next host of {@code jar} would be started with. */
    synchronized List<String> command(Path jar) {
        return current.command(jar);
    }

    @Override
    public HostProcess launch(Path jar) throws IOException {
        JvmHostLauncher l;
        synchronized (this) {
            l = current;
        }
        return l.launch(jar);
    }

    @Override
    public synchronized Executor threadStarter() {
        return current.threadStarter();
    }

    @Override
    public synchronized void close() {
        retired.forEach(JvmHostLauncher::close);
        retired.clear();
        current.close();
    }
}
