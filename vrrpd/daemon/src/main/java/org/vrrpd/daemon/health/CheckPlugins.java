package org.vrrpd.daemon.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * validates like a built-in one. A missing directory means no plugins (a warning when {@code plugin_dir} was set);
 * an insecure one (group- or world-writable, foreign owner) is an error ({@link PluginException}); an insecure or
 * broken JAR is refused at ERROR level with the JAR and the reason.
 *
 * <p>A JAR is known by its content (SHA-256), not its name, and is copied into a private cache before it is
 * loaded: the daemon and its plugin host run the copy, so deleting or overwriting the file in the plugin directory
 * never breaks a running check. On reload, {@link #prepare} loads every JAR whose content is new; one that
 * provides a type already known is an <em>upgrade</em> of that type ({@link Refresh#upgraded}). The reload binds
 * the file with {@link Refresh#types()}, runs the upgraded checks once in their new host (see
 * {@link HealthSupervisor#preflight}) and then {@link #commit}s, or {@link #discard}s and keeps the old code.
 */
public final class CheckPlugins {

    private static final Logger LOG = LoggerFactory.getLogger(CheckPlugins.class);

    /** One loaded JAR: where it was found, its content hash, and the private copy that runs. */
    record Loaded(Path jar, String sha256, Path copy, PluginLoader.Plugin plugin) {
    }

    /**
     * What a reload found: the types to bind with, the JARs loaded for it, the factories that replace a type of an
     * older JAR (upgrades), by type, and the types whose JAR is no longer in the plugin directory.
     */
    public record Refresh(CheckTypes types, List<Loaded> loaded, Map<String, CheckFactory<?>> upgraded,
                          Set<String> removed) {

        /** Whether a check of this factory is the new code of an upgraded plugin. */
        public boolean upgrades(CheckFactory<?> factory) {
            return upgraded.values().stream().anyMatch(f -> f == factory);
        }
    }

    private final PluginLoader loader;
    private final Map<String, Loaded> byType = new LinkedHashMap<>();
    private final Map<CheckFactory<?>, Loaded> byFactory = new IdentityHashMap<>();
    private final List<String> refusals = new ArrayList<>();
    private CheckTypes types;
    private Path cache;
    private PluginHostSettings hostSettings = PluginHostSettings.defaults();
    private SettingsLauncher launcher;
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

    /** The JARs whose types are in use, as found in the plugin directory, in load order. */
    public synchronized List<Path> loadedJars() {
        return byType.values().stream().map(Loaded::jar).distinct().toList();
    }

    /** Loads the JARs of the plugin directory named by {@code configFile} and commits them at once (start-up). */
    public synchronized CheckTypes refresh(Path configFile) throws PluginException {
        return refreshDir(pluginDir(configFile), explicitPluginDir(configFile));
    }

    synchronized CheckTypes refreshDir(Path dir) throws PluginException {
        return refreshDir(dir, true);
    }

    private CheckTypes refreshDir(Path dir, boolean explicit) throws PluginException {
        Refresh r = prepareDir(dir, explicit);
        commit(r);
        return r.types();
    }

    /** Loads the JARs with new content from the plugin directory named by {@code configFile}, without using them. */
    public synchronized Refresh prepare(Path configFile) throws PluginException {
        return prepareDir(pluginDir(configFile), explicitPluginDir(configFile));
    }

    /** Why JARs were refused (or a set plugin_dir is missing) in the last load, one sentence each. */
    public synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    private Refresh prepareDir(Path dir, boolean explicit) throws PluginException {
        refusals.clear();
        if (!Files.exists(dir)) {
            if (explicit) {
                refusals.add("plugin_dir " + dir + " does not exist: no check plugins loaded");
                LOG.warn("plugin_dir {} does not exist: no check plugins loaded", dir);
            } else {
                LOG.debug("plugin directory {} does not exist: no check plugins", dir);
            }
            return new Refresh(types, List.of(), Map.of(), Set.of());
        }
        Map<String, CheckFactory<?>> builtin = PluginLoader.builtinFactories();
        Map<String, Loaded> next = new LinkedHashMap<>(byType);
        Map<String, Path> claimedNow = new LinkedHashMap<>();
        List<Loaded> loaded = new ArrayList<>();
        Map<String, CheckFactory<?>> upgraded = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        for (Path jar : loader.listJars(dir)) {
            Optional<String> refusal = loader.refusal(jar);
            if (refusal.isPresent()) {
                refuse(jar, refusal.get());
                continue;
            }
            String sha;
            try {
                sha = sha256(jar);
            } catch (IOException e) {
                refuse(jar, "cannot read: " + e.getMessage());
                continue;
            }
            present.add(sha);
            if (byType.values().stream().anyMatch(l -> l.sha256().equals(sha))) {
                continue; // running already (perhaps under another name)
            }
            Loaded l;
            Path copy = null;
            try {
                copy = copy(jar, sha);
                l = new Loaded(jar, sha, copy, loader.loadJar(copy));
            } catch (PluginException | IOException e) {
                String m = String.valueOf(e.getMessage());
                refuse(jar, copy == null ? m : m.replace(copy.toString(), jar.toString()));
                continue;
            }
            String clash = null;
            for (CheckFactory<?> f : l.plugin().factories()) {
                if (builtin.containsKey(f.type())) {
                    clash = "type '" + f.type() + "' is already provided by the daemon";
                } else if (claimedNow.containsKey(f.type())) {
                    clash = "type '" + f.type() + "' is also provided by " + claimedNow.get(f.type()).getFileName()
                            + " (remove one of them)";
                }
            }
            if (clash != null) {
                refuse(jar, clash);
                closeQuietly(l);
                continue;
            }
            for (CheckFactory<?> f : l.plugin().factories()) {
                claimedNow.put(f.type(), jar);
                Loaded before = next.put(f.type(), l);
                if (before != null) {
                    upgraded.put(f.type(), f);
                    LOG.info("check plugin {} ({}) is a new version of type '{}' from {}", jar, shortSha(sha),
                            f.type(), before.jar());
                }
            }
            loaded.add(l);
        }
        // a type whose JAR is gone (and not replaced) is no longer known: a config that still uses it is refused,
        // as the next start would refuse it; the running checks go on from their private copy meanwhile
        Set<String> removed = new TreeSet<>();
        next.entrySet().removeIf(e -> {
            boolean gone = !present.contains(e.getValue().sha256());
            if (gone) {
                removed.add(e.getKey());
                LOG.warn("check plugin {} is no longer in {}: type '{}' unknown from this reload on (running"
                        + " checks keep running)", e.getValue().jar().getFileName(), dir, e.getKey());
            }
            return gone;
        });
        if (loaded.isEmpty() && removed.isEmpty()) {
            return new Refresh(types, List.of(), Map.of(), Set.of());
        }
        for (Loaded l : loaded) {
            l.plugin().factories().forEach(f -> byFactory.put(f, l));
        }
        List<CheckFactory<?>> factories = new ArrayList<>();
        for (Map.Entry<String, Loaded> e : next.entrySet()) {
            e.getValue().plugin().factories().stream().filter(f -> f.type().equals(e.getKey()))
                    .forEach(factories::add);
        }
        CheckTypes t = CheckTypes.discover(CheckTypes.class.getClassLoader(), factories);
        return new Refresh(t, List.copyOf(loaded), Map.copyOf(upgraded), Set.copyOf(removed));
    }

    /** Makes a prepared refresh's types the daemon's (the reload was applied). */
    public synchronized void commit(Refresh r) {
        r.removed().forEach(byType::remove);
        for (Loaded l : r.loaded()) {
            for (CheckFactory<?> f : l.plugin().factories()) {
                byType.put(f.type(), l);
            }
            LOG.info("check plugin {} loaded: type(s) {} ({})", l.jar(),
                    l.plugin().factories().stream().map(CheckFactory::type).toList(), shortSha(l.sha256()));
        }
        types = r.types();
    }

    /** Forgets a prepared refresh (the reload was refused): the JARs it loaded are unloaded. */
    public synchronized void discard(Refresh r) {
        for (Loaded l : r.loaded()) {
            l.plugin().factories().forEach(byFactory::remove);
            closeQuietly(l);
        }
    }

    /** The plugin JAR a factory came from, as found in the plugin directory; empty for a built-in type. */
    public synchronized Optional<Path> jarOf(CheckFactory<?> factory) {
        return Optional.ofNullable(byFactory.get(factory)).map(Loaded::jar);
    }

    /** The private copy of a factory's JAR that its plugin host runs; empty for a built-in type. */
    public synchronized Optional<Path> hostJarOf(CheckFactory<?> factory) {
        return Optional.ofNullable(byFactory.get(factory)).map(Loaded::copy);
    }

    /**
     * How plugin hosts are started; applies to hosts started after the call (set at daemon start, and by a reload
     * whose {@code plugin_host:} changed: running hosts keep their settings).
     */
    public synchronized void useHostSettings(PluginHostSettings settings) {
        this.hostSettings = settings;
        if (launcher != null) {
            launcher.use(settings);
        }
    }

    /** The settings the next plugin host starts with. */
    public synchronized PluginHostSettings hostSettings() {
        return hostSettings;
    }

    /**
     * The plugin hosts, made on first use: each JAR's checks run in a child JVM started with the settings in
     * force when it starts, from a launcher thread running at the settings' nice value.
     */
    public synchronized PluginHosts hosts() {
        if (hosts == null) {
            launcher = new SettingsLauncher(hostSettings, s -> new JvmHostLauncher(s, () -> {
                Optional<String> err = Niceness.applyToCurrentThread(s.nice());
                if (err.isPresent()) {
                    LOG.warn("plugin hosts run at the daemon's priority: nice {} not applied: {}", s.nice(),
                            err.get());
                }
            }));
            hosts = new PluginHosts(launcher);
        }
        return hosts;
    }

    /** The command line the next host of {@code jar} would start with (after {@link #hosts()}); for tests. */
    synchronized List<String> hostCommand(Path jar) {
        hosts();
        return launcher.command(jar);
    }

    /** Stops every plugin host (daemon stop). A later {@link #hosts()} starts afresh. */
    public void closeHosts() {
        PluginHosts h;
        synchronized (this) {
            h = hosts;
            hosts = null;
            launcher = null;
        }
        if (h != null) {
            h.close();
        }
    }

    /** {@code global.plugin_dir} as written in the file, or the default when absent or unreadable. */
    static Path pluginDir(Path configFile) {
        return explicitDir(configFile).orElse(Path.of(GlobalConfig.DEFAULT_PLUGIN_DIR));
    }

    private static boolean explicitPluginDir(Path configFile) {
        return explicitDir(configFile).isPresent();
    }

    private static Optional<Path> explicitDir(Path configFile) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile());
            JsonNode dir = root == null ? null : root.path("global").path("plugin_dir");
            if (dir != null && dir.isTextual() && !dir.asText().isBlank()) {
                return Optional.of(Path.of(dir.asText()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot pre-read plugin_dir from {}: {}", configFile, e.getMessage());
        }
        return Optional.empty();
    }

    private void refuse(Path jar, String reason) {
        String why = reason.startsWith(jar.toString())
                ? reason.substring(jar.toString().length()).replaceFirst("^: ", "") : reason;
        refusals.add("check plugin " + jar + " refused: " + why);
        LOG.error("check plugin {} refused: {}", jar, why);
    }

    /** Copies {@code jar} to {@code <cache>/<sha256>/<its name>} (owner-only directories, read-only file). */
    private Path copy(Path jar, String sha) throws IOException {
        if (cache == null) {
            cache = Files.createTempDirectory("vrrpd-plugins-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            cache.toFile().deleteOnExit();
        }
        Path dir = cache.resolve(sha);
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            dir.toFile().deleteOnExit();
        }
        Path copy = dir.resolve(jar.getFileName());
        Path tmp = dir.resolve(jar.getFileName() + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
        if (!sha256(tmp).equals(sha)) {
            Files.delete(tmp);
            throw new IOException(jar + " changed while it was being read; reload again once it is written");
        }
        Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        copy.toFile().deleteOnExit();
        return copy;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String shortSha(String sha) {
        return "sha256 " + sha.substring(0, 12);
    }

    private static void closeQuietly(Loaded l) {
        try {
            l.plugin().loader().close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", l.jar(), e.getMessage());
        }
    }
}
