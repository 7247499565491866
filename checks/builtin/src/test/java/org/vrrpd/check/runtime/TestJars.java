package org.vrrpd.check.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds plugin JARs in tests: compiles sources with javax.tools and packs directories. */
public final class TestJars {

    private TestJars() {
    }

    /** Packs every file under {@code classes} into {@code jar}, mode 0644. */
    public static Path pack(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    /** Compiles {@code sources} (class name → source) against the test class path into {@code out}. */
    public static void compile(Map<String, String> sources, Path out) throws IOException {
        Path src = Files.createDirectories(out.resolveSibling(out.getFileName() + "-src"));
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath",
                System.getProperty("java.class.path"), "--release", "17", "-proc:none"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(new String[0])) != 0) {
            throw new IOException("test plugin did not compile");
        }
    }

    /** Writes a META-INF/services entry naming {@code factoryClass} under {@code classes}. */
    public static void service(Path classes, String factoryClass) throws IOException {
        Path f = classes.resolve("META-INF/services/org.vrrpd.check.api.CheckFactory");
        Files.createDirectories(f.getParent());
        Files.writeString(f, factoryClass + "\n");
    }
}
