package org.vrrpd.check.runtime;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.SecretFiles;

/**
 * Loads operators' check types from the JARs in a directory (e.g. {@code /usr/lib/vrrpd/plugins}).
 *
 * <p>Each JAR gets its own {@link URLClassLoader} whose parent exposes only the JDK and
 * {@link #SHARED_PACKAGES} ({@link ApiOnlyClassLoader}), so two plugins may bundle different versions of the same
 * library, and neither sees nor clashes with the daemon's own dependencies. Factories are found with
 * {@link ServiceLoader} in {@code META-INF/services/org.vrrpd.check.api.CheckFactory} of each JAR.
 *
 * <p>Like keepalived's {@code script_security}, code that the (root) daemon runs must not be writable by anyone
 * else: the directory and every JAR must be owned by root or the daemon's user and must not be group- or
 * world-writable. An insecure directory fails the whole load ({@link PluginException}); an insecure or broken
 * JAR is skipped and reported in {@link Result#rejected()}. Symbolic links are followed (the target is
 * checked); parent directories are not checked.
 */
public final class PluginLoader {

    /** The only packages (besides the JDK) a plugin's classes can see from the daemon. */
    public static final List<String> SHARED_PACKAGES = List.of("org.vrrpd.check.api", "com.fasterxml.jackson.annotation");

    private static final Set<PosixFilePermission> GROUP_OR_OTHER_WRITE = Set.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final int daemonUid;
    private final ClassLoader apiLoader;

    /** Trusts root and this process's user; shares the API as loaded by the daemon. */
    public PluginLoader() {
        this(SecretFiles.currentUid(), CheckFactory.class.getClassLoader());
    }

    /**
     * @param daemonUid the uid that may own plugin files besides root
     * @param apiLoader the loader the daemon got {@code org.vrrpd.check.api} and Jackson annotations from
     */
    public PluginLoader(int daemonUid, ClassLoader apiLoader) {
        this.daemonUid = daemonUid;
        this.apiLoader = apiLoader;
    }

    /** One loaded JAR: its own class loader and the factories it provides. */
    public record Plugin(Path jar, URLClassLoader loader, List<CheckFactory<?>> factories) {
    }

    /** A JAR that was skipped, and why. */
    public record Rejected(Path jar, String reason) {
    }

    /** What a load found. */
    public record Result(List<Plugin> plugins, List<Rejected> rejected) {

        /** Every plugin factory by type, in JAR name order. */
        public Map<String, CheckFactory<?>> factoriesByType() {
            Map<String, CheckFactory<?>> m = new LinkedHashMap<>();
            for (Plugin p : plugins) {
                for (CheckFactory<?> f : p.factories()) {
                    m.putIfAbsent(f.type(), f);
                }
            }
            return m;
        }
    }

    /** The check types built into the daemon (found on its own class path). */
    public static Map<String, CheckFactory<?>> builtinFactories() {
        Map<String, CheckFactory<?>> m = new LinkedHashMap<>();
        for (CheckFactory<?> f : ServiceLoader.load(CheckFactory.class, PluginLoader.class.getClassLoader())) {
            m.putIfAbsent(f.type(), f);
        }
        return m;
    }

    /**
     * Loads every {@code *.jar} in {@code directory}, in name order. A JAR whose type names a built-in type or a
     * type from an earlier JAR is rejected, so a plugin cannot silently replace {@code smtp}.
     */
    public Result load(Path directory) throws PluginException {
        List<Path> jars = listJars(directory);
        Map<String, Path> taken = new LinkedHashMap<>();
        builtinFactories().keySet().forEach(t -> taken.put(t, null));
        List<Plugin> plugins = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (Path jar : jars) {
            Optional<String> insecure = checkSecure(jar, false);
            if (insecure.isPresent()) {
                rejected.add(new Rejected(jar, insecure.get()));
                continue;
            }
            try {
                Plugin p = loadUnchecked(jar);
                String clash = null;
                for (CheckFactory<?> f : p.factories()) {
                    if (taken.containsKey(f.type())) {
                        Path other = taken.get(f.type());
                        clash = "type '" + f.type() + "' is already provided by "
                                + (other == null ? "the daemon" : other.getFileName());
                    }
                }
                if (p.factories().isEmpty()) {
                    clash = "no " + CheckFactory.class.getName() + " in META-INF/services";
                }
                if (clash != null) {
                    closeQuietly(p.loader());
                    rejected.add(new Rejected(jar, clash));
                    continue;
                }
                p.factories().forEach(f -> taken.put(f.type(), jar));
                plugins.add(p);
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                rejected.add(new Rejected(jar, "cannot load: " + withCauses(e)));
            }
        }
        return new Result(List.copyOf(plugins), List.copyOf(rejected));
    }

    /**
     * Loads one JAR on its own, after the same ownership and mode check as {@link #load}; used by the plugin host
     * process, which runs the checks of exactly one JAR. Does not look for type clashes.
     */
    public Plugin loadJar(Path jar) throws PluginException {
        Optional<String> insecure = checkSecure(jar, false);
        if (insecure.isPresent()) {
            throw new PluginException(insecure.get());
        }
        try {
            Plugin p = loadUnchecked(jar);
            if (p.factories().isEmpty()) {
                closeQuietly(p.loader());
                throw new PluginException(jar + ": no " + CheckFactory.class.getName() + " in META-INF/services");
            }
            return p;
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            throw new PluginException(jar + ": cannot load: " + withCauses(e), e);
        }
    }

    /**
     * The {@code *.jar} files of {@code directory} in name order, after the directory's own ownership and mode
     * check (an insecure or unreadable directory is a {@link PluginException}).
     */
    public List<Path> listJars(Path directory) throws PluginException {
        Optional<String> insecureDir = checkSecure(directory, true);
        if (insecureDir.isPresent()) {
            throw new PluginException(insecureDir.get());
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.jar")) {
            ds.forEach(jars::add);
        } catch (IOException e) {
            throw new PluginException("cannot list plugin directory " + directory + ": " + e.getMessage(), e);
        }
        jars.sort(null);
        return jars;
    }

    /** Why {@code jar} may not hold code the daemon runs (owner, mode, not a file), or empty when it may. */
    public Optional<String> refusal(Path jar) {
        return checkSecure(jar, false);
    }

    private Plugin loadUnchecked(Path jar) {
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        URLClassLoader loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {url},
                new ApiOnlyClassLoader(apiLoader, SHARED_PACKAGES));
        List<CheckFactory<?>> factories = new ArrayList<>();
        try {
            for (CheckFactory<?> f : ServiceLoader.load(CheckFactory.class, loader)) {
                if (f.getClass().getClassLoader() == loader) {
                    factories.add(f);
                }
            }
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
        return new Plugin(jar, loader, List.copyOf(factories));
    }

    /** The reason {@code path} may not hold code the daemon runs, or empty when it is fine. */
    Optional<String> checkSecure(Path path, boolean directory) {
        String what = directory ? "plugin directory " : "plugin ";
        try {
            if (directory ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
                return Optional.of(what + path + (directory ? " is not a directory" : " is not a regular file"));
            }
            int owner = (Integer) Files.getAttribute(path, "unix:uid");
            if (owner != 0 && owner != daemonUid) {
                return Optional.of(what + path + " is owned by uid " + owner
                        + "; it must be owned by root or the daemon's user (uid " + daemonUid + ")");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            for (PosixFilePermission p : perms) {
                if (GROUP_OR_OTHER_WRITE.contains(p)) {
                    return Optional.of(what + path + " is " + (p == PosixFilePermission.GROUP_WRITE
                            ? "group" : "world") + "-writable (mode " + SecretFiles.modeString(perms)
                            + "); run chmod go-w " + path);
                }
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot check " + what + path + ": " + e.getMessage());
        }
    }

    /**
     * A throwable with its chain of causes, so that {@code ServiceConfigurationError: Provider x could not be
     * instantiated} says why: {@code ...; caused by IllegalStateException: missing licence file}.
     */
    public static String withCauses(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t));
        Throwable seen = t;
        for (Throwable c = t.getCause(); c != null && c != seen; seen = c, c = c.getCause()) {
            sb.append("; caused by ").append(c.getClass().getSimpleName());
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }

    private static void closeQuietly(URLClassLoader l) {
        try {
            l.close();
        } catch (IOException e) {
            // nothing useful to do
        }
    }
}
