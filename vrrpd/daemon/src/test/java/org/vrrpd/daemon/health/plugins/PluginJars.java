package org.vrrpd.daemon.health.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs a test plugin (a factory class with its nested classes) into a JAR with its services entry. */
public final class PluginJars {

    private PluginJars() {
    }

    public static Path pack(Class<?> factory, Path dest) throws IOException {
        Path classes = Path.of(factory.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = factory.getPackageName().replace('.', '/');
        try (OutputStream out = Files.newOutputStream(dest); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.filter(f -> {
                String n = f.getFileName().toString();
                return n.equals(factory.getSimpleName() + ".class") || n.startsWith(factory.getSimpleName() + "$");
            }).sorted().toList()) {
                add(jar, pkg + "/" + f.getFileName(), Files.readAllBytes(f));
            }
            add(jar, "META-INF/services/org.vrrpd.check.api.CheckFactory",
                    (factory.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-r--r--"));
        return dest;
    }

    /** The example plugin's compiled classes (the reactor builds checks/example-plugin first) as {@code dest}. */
    public static Path packExample(Path dest) throws IOException {
        Path classes = Path.of(System.getProperty("user.dir")).resolve("../../checks/example-plugin/target/classes")
                .normalize();
        try (OutputStream o = Files.newOutputStream(dest); JarOutputStream j = new JarOutputStream(o);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                add(j, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-r--r--"));
        return dest;
    }

    private static void add(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }
}
