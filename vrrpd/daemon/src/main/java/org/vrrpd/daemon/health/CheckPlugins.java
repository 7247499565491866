package org.vrrpd.daemon.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.host.JvmHostLauncher;
import org.vrrpd.check.host.PluginHostSettings;
import org.vrrpd.check.host.PluginHosts;
import org.vrrpd.check.runtime.PluginException;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.config.CheckTypes;
import org.vrrpd.config.GlobalConfig;
import org.vrrpd.daemon.tuning.Niceness;

/**
 * The check types the daemon knows: the built-in ones plus those of the plugin JARs in {@code global.plugin_dir}.
 *
 * <p>The plugin directory is itself a setting of the file the plugins' types appear in, so it is read first from
 * the raw YAML (a missing or unreadable file falls back to the default and the config loader reports the real
 * problem); the plugins are then loaded and the file is bound with {@link #types()}, so a plugin's check type
 * validates like a built-in one. A missing directory means no plugins; an insecure one (group- or
 * world-writable, foreign owner) is an error ({@link PluginException}). On reload, {@link #refresh} loads JARs
 * added since; a type already known keeps its first factory, because running checks were made by it.
 *
 * <p>Plugin checks run out of process: {@link #hosts()} starts one child JVM per JAR in use (see
 * {@link PluginHosts}); the factories loaded here only bind and validate configurations.
 */
public final class CheckPlugins {

    private static final Logger LOG = LoggerFactory.getLogger(CheckPlugins.class);

    private final PluginLoader loader;
    private final Map<String, CheckFactory<?>> pluginFactories = new LinkedHashMap<>();
    private final List<Path> loadedJars = new ArrayList<>();
    private final Map<CheckFactory<?>, Path> jarByFactory = new IdentityHashMap<>();
    private CheckTypes types;
    private PluginHostSettings hostSettings = PluginHostSettings.defaults();
    private PluginHosts hosts;

    CheckPlugins(PluginLoader loader) {
        this.loader = loader;
        this.types = CheckTypes.discover();
    }

    /** Built-in types only (tests, embedders). */
    public static CheckPlugins builtinOnly() {
        return new CheckPlugins(new PluginLoader());
    }

    /** Reads {@code global.plugin_dir} from {@code configFile} and loads the JARs there. */
    public static CheckPlugins load(Path configFile) throws PluginException {
        CheckPlugins p = new CheckPlugins(new PluginLoader());
        p.refresh(configFile);
        return p;
    }

    /** The check types to bind the configuration with. */
    public synchronized CheckTypes types() {
        return types;
    }

    /** The JARs loaded so far, in load order. */
    public synchronized List<Path> loadedJars() {
        return List.copyOf(loadedJars);
    }

    /**
     * Loads the JARs in the plugin directory named by {@code configFile} that provide types not known yet, and
     * returns the types to bind that file with.
     */
    public synchronized CheckTypes refresh(Path configFile) throws PluginException {
        return refreshDir(pluginDir(configFile));
    }

    synchronized CheckTypes refreshDir(Path dir) throws PluginException {
        if (!Files.exists(dir)) {
            LOG.debug("plugin directory {} does not exist: no check plugins", dir);
            return types;
        }
        PluginLoader.Result r = loader.load(dir);
        for (PluginLoader.Rejected rej : r.rejected()) {
            LOG.warn("check plugin skipped: {}", rej.reason().contains(rej.jar().toString())
                    ? rej.reason() : rej.jar() + ": " + rej.reason());
        }
        boolean added = false;
        for (PluginLoader.Plugin p : r.plugins()) {
            boolean fresh = p.factories().stream().noneMatch(f -> pluginFactories.containsKey(f.type()));
            if (!fresh) {
                close(p); // loaded at start or an earlier reload; the running checks use the first loader
                continue;
            }
            for (CheckFactory<?> f : p.factories()) {
                pluginFactories.put(f.type(), f);
                jarByFactory.put(f, p.jar());
            }
            loadedJars.add(p.jar());
            added = true;
            LOG.info("check plugin {} loaded: type(s) {}", p.jar(),
                    p.factories().stream().map(CheckFactory::type).toList());
        }
        if (added) {
            types = CheckTypes.discover(CheckTypes.class.getClassLoader(), List.copyOf(pluginFactories.values()));
        }
        return types;
    }

    /** The plugin JAR a factory came from; empty for a built-in type. */
    public synchronized Optional<Path> jarOf(CheckFactory<?> factory) {
        return Optional.ofNullable(jarByFactory.get(factory));
    }

    /** How plugin hosts are started; applies to hosts started after the call (set at daemon start). */
    public synchronized void useHostSettings(PluginHostSettings settings) {
        this.hostSettings = settings;
    }

    /**
     * The plugin hosts, made on first use: each JAR's checks run in a child JVM started with the current settings
     * from a launcher thread running at the settings' nice value.
     */
    public synchronized PluginHosts hosts() {
        if (hosts == null) {
            PluginHostSettings s = hostSettings;
            hosts = new PluginHosts(new JvmHostLauncher(s, () -> {
                Optional<String> err = Niceness.applyToCurrentThread(s.nice());
                if (err.isPresent()) {
                    LOG.warn("plugin hosts run at the daemon's priority: nice {} not applied: {}", s.nice(),
                            err.get());
                }
            }));
        }
        return hosts;
    }

    /** Stops every plugin host (daemon stop). A later {@link #hosts()} starts afresh. */
    public void closeHosts() {
        PluginHosts h;
        synchronized (this) {
            h = hosts;
            hosts = null;
        }
        if (h != null) {
            h.close();
        }
    }

    /** {@code global.plugin_dir} as written in the file, or the default when absent or unreadable. */
    static Path pluginDir(Path configFile) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile());
            JsonNode dir = root == null ? null : root.path("global").path("plugin_dir");
            if (dir != null && dir.isTextual() && !dir.asText().isBlank()) {
                return Path.of(dir.asText());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot pre-read plugin_dir from {}: {}", configFile, e.getMessage());
        }
        return Path.of(GlobalConfig.DEFAULT_PLUGIN_DIR);
    }

    private static void close(PluginLoader.Plugin p) {
        try {
            p.loader().close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", p.jar(), e.getMessage());
        }
    }
}
