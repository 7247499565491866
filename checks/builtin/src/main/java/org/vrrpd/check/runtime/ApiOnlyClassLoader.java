package org.vrrpd.check.runtime;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of every plugin's class loader: it shows a plugin the JDK (through the platform class loader) and
 * the shared API packages (through the daemon's loader), and nothing else. So a plugin sees the daemon's
 * {@code CheckFactory} — the same {@code Class} object, which is what makes its factories usable — but never the
 * daemon's Jackson databind, Netty or SLF4J, and is free to bundle its own versions of those.
 */
final class ApiOnlyClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader api;
    private final List<String> classPrefixes;
    private final List<String> resourcePrefixes;

    ApiOnlyClassLoader(ClassLoader api, List<String> packages) {
        super("vrrpd-plugin-api", ClassLoader.getPlatformClassLoader());
        this.api = api;
        this.classPrefixes = packages.stream().map(p -> p + ".").toList();
        this.resourcePrefixes = packages.stream().map(p -> p.replace('.', '/') + "/").toList();
    }

    private boolean sharedClass(String name) {
        for (String p : classPrefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean sharedResource(String name) {
        for (String p : resourcePrefixes) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (sharedClass(name)) {
            return api.loadClass(name);
        }
        return super.loadClass(name, resolve); // platform and bootstrap only; findClass() finds nothing
    }

    @Override
    public URL getResource(String name) {
        return sharedResource(name) ? api.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return sharedResource(name) ? api.getResources(name) : super.getResources(name);
    }
}
