package org.vrrpd.check.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.Durations;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.check.runtime.MonotonicClock;
import org.vrrpd.check.runtime.PluginException;
import org.vrrpd.check.runtime.PluginLoader;
import org.vrrpd.check.runtime.RuntimeCheckContext;

/**
 * Loads a built plugin through the daemon's own {@link PluginLoader} (the ownership and mode rule, the class loader
 * that shows the plugin only the API and the annotations, the services entry), binds a YAML check entry with the
 * daemon's rules, asks the factory for the check and runs it once on the real clock with its {@code timeout}
 * (default 2s), as the plugin host would. Whatever the daemon would refuse is refused here with the same reason.
 */
public final class PluginVerifier {

    private PluginVerifier() {
    }

    /**
     * @param jarOrClasses the plugin JAR, or a classes directory (with its META-INF/services), packed into a
     *                     temporary JAR first
     * @param yaml         one check entry with its {@code type:}, e.g. {@code "{type: file_flag, name: f, path: /x}"}
     */
    public static CheckResult runOnce(Path jarOrClasses, String yaml)
            throws PluginException, CheckConfigException, IOException {
        Path jar = Files.isDirectory(jarOrClasses) ? pack(jarOrClasses) : jarOrClasses;
        try {
            return run(jar, CheckConfigs.tree(yaml));
        } finally {
            if (jar != jarOrClasses) {
                Files.deleteIfExists(jar);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CheckResult run(Path jar, JsonNode entry) throws PluginException, CheckConfigException,
            IOException {
        PluginLoader.Plugin plugin = new PluginLoader().loadJar(jar);
        try {
            String type = entry.path("type").asText("");
            List<CheckFactory<?>> factories = plugin.factories();
            CheckFactory factory = factories.stream().filter(f -> f.type().equals(type)).findFirst()
                    .orElseThrow(() -> new CheckConfigException("no check type '" + type + "' in " + jar.getFileName()
                            + "; it provides " + factories.stream().map(CheckFactory::type).toList()));
            CheckConfig config = CheckConfigs.bind(factory.configClass(), entry);
            Check check = factory.create(config);
            try {
                return runBounded(check, config.timeout());
            } finally {
                check.close();
            }
        } finally {
            plugin.loader().close();
        }
    }

    private static CheckResult runBounded(Check check, Duration timeout) {
        Clock clock = MonotonicClock.system(); // deadlines a stepped wall clock cannot move
        Instant deadline = clock.instant().plus(timeout);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vrrpd-testkit-check");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<CheckResult> f = worker.submit(() -> CheckRuns.runOnce(check,
                    new RuntimeCheckContext(clock, deadline, SecretFiles.currentUid())));
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CheckResult.down(timeout, "timed out after " + Durations.format(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.down(Duration.ZERO, "interrupted");
        } catch (ExecutionException e) {
            return CheckResult.down(Duration.ZERO, "check threw " + e.getCause());
        } finally {
            worker.shutdownNow();
        }
    }

    /** Packs a classes directory into a temporary JAR readable only by its owner, as a build would. */
    static Path pack(Path classes) throws IOException {
        Path jar = Files.createTempFile("vrrpd-plugin-", ".jar",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }
}
