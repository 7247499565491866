package org.vrrpd.lab.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.vrrpd.control.ControlClient;
import org.vrrpd.control.ControlException;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * A vrrpd started in a lab namespace as {@code nobody:nogroup} through {@code setpriv}, holding only the
 * capabilities given (as the packaged unit's {@code AmbientCapabilities=} does). Everything it reads or writes
 * (its class path, config, control socket, temp files) is copied into a world-readable directory of its own,
 * because the build's files under /root are not readable by {@code nobody}.
 */
final class UnprivilegedVrrpd implements AutoCloseable {

    /**
     * The setpriv arguments that grant CAP_NET_RAW and CAP_NET_ADMIN (and nothing else) to nobody, with the bounding
     * set cut to them as the unit's CapabilityBoundingSet= does.
     */
    static final List<String> NET_CAPS = List.of("--inh-caps=-all,+net_raw,+net_admin",
            "--ambient-caps=-all,+net_raw,+net_admin", "--bounding-set=-all,+net_raw,+net_admin");
    static final List<String> ONLY_NET_RAW = List.of("--inh-caps=+net_raw", "--ambient-caps=+net_raw");
    static final List<String> NO_CAPS = List.of("--inh-caps=-all");

    private final Path dir;
    private final Path socket;
    private LabProcess process;

    private UnprivilegedVrrpd(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("run").resolve("vrrpd.sock");
    }

    /** A world-readable directory with a copy of this build's class path; {@link #close} deletes it. */
    static UnprivilegedVrrpd prepare() throws IOException {
        Path dir = Files.createTempDirectory("vrrpd-nonroot-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        UnprivilegedVrrpd node = new UnprivilegedVrrpd(dir);
        Path cp = Files.createDirectories(dir.resolve("cp"));
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(entry);
            Path dst = cp.resolve(n++ + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                copyTree(src, dst);
            } else if (Files.isRegularFile(src)) {
                Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        for (String writable : List.of("run", "tmp")) {
            Path d = Files.createDirectories(dir.resolve(writable));
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        chmodReadable(cp);
        return node;
    }

    Path dir() {
        return dir;
    }

    Path socket() {
        return socket;
    }

    /** Writes the config (control socket in this directory) and starts the daemon in {@code host}'s namespace. */
    LabProcess start(Lab lab, String host, String instancesYaml, List<String> capArgs, Map<String, String> env)
            throws IOException {
        Path config = dir.resolve("vrrpd.yaml");
        Files.writeString(config, "global:\n  control_socket: " + socket + "\n  log_level: debug\ninstances:\n"
                + instancesYaml);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> cmd = new ArrayList<>();
        cmd.add("env");
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        cmd.addAll(capArgs);
        cmd.add("--");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xms32m", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-cp", dir.resolve("cp") + "/*:" + classDirs()));
        cmd.addAll(List.of("org.vrrpd.daemon.Main", "--config", config.toString()));
        process = lab.spawn(host, "vrrpd-nonroot-" + host, cmd);
        return process;
    }

    /** The copied class directories (a "/*" class path entry covers only jars). */
    private String classDirs() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("cp"))) {
            return String.join(":", s.filter(Files::isDirectory).map(Path::toString).sorted().toList());
        }
    }

    /** The daemon's status document, or null while it does not answer. */
    JsonNode status() {
        try {
            return new ControlClient(socket).call("status", null);
        } catch (ControlException e) {
            return null;
        }
    }

    String state(String instance) {
        return VrrpdNode.stateIn(status(), instance);
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void chmodReadable(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
