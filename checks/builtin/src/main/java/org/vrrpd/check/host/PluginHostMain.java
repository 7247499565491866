package org.vrrpd.check.host;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.runtime.PluginException;
import org.vrrpd.check.runtime.PluginLoader;

/**
 * The plugin host: a child JVM the daemon starts for one plugin JAR, which runs that JAR's checks and nothing else.
 * It talks {@link HostCodec} JSON lines: requests on stdin, answers on stdout. Whatever the plugin prints goes to
 * stderr (which the daemon logs), never into the protocol.
 *
 * <p>Usage: {@code PluginHostMain --jar /usr/lib/vrrpd/plugins/x.jar --max-threads 64}. The daemon also gives it a
 * small heap with {@code -XX:+ExitOnOutOfMemoryError}. The host exits when stdin closes (the daemon is gone), when
 * its thread count passes {@code --max-threads} (after a {@link HostMessage.Fatal} with the reason), and when the
 * JAR cannot be loaded (exit 2).
 */
public final class PluginHostMain {

    /** Exit status when the JAR cannot be loaded. */
    public static final int EXIT_LOAD_FAILED = 2;
    /** Exit status when the thread watchdog fires. */
    public static final int EXIT_TOO_MANY_THREADS = 4;

    private PluginHostMain() {
    }

    public static void main(String[] args) {
        PrintStream protocolOut = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // a plugin's System.out.println must not land in the protocol
        Path jar = null;
        int maxThreads = 64;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--max-threads" -> maxThreads = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(64);
                }
            }
        }
        if (jar == null) {
            System.err.println("usage: PluginHostMain --jar FILE [--max-threads N]");
            System.exit(64);
        }
        Out out = new Out(protocolOut);
        PluginLoader.Plugin plugin;
        try {
            plugin = new PluginLoader().loadJar(jar);
        } catch (PluginException e) {
            out.send(new HostMessage.Fatal("cannot load plugin: " + e.getMessage()));
            System.err.println("cannot load plugin: " + e.getMessage());
            Runtime.getRuntime().halt(EXIT_LOAD_FAILED);
            return;
        }
        new ThreadWatchdog(maxThreads, 5, ThreadWatchdog::processThreads, reason -> {
            out.send(new HostMessage.Fatal(reason));
            System.err.println("plugin host exits: " + reason);
            Runtime.getRuntime().halt(EXIT_TOO_MANY_THREADS);
        }).start();
        HostedChecks checks = new HostedChecks(plugin.factories(), out::send);
        out.send(new HostMessage.Hello(ProcessHandle.current().pid(),
                plugin.factories().stream().map(CheckFactory::type).toList()));
        BoundedLines in = new BoundedLines(new BufferedInputStream(new FileInputStream(FileDescriptor.in)),
                HostCodec.MAX_LINE);
        try {
            String line;
            while ((line = in.readLine()) != null) {
                HostCodec.Decoded d = HostCodec.decode(line);
                if (d instanceof HostCodec.Decoded.Ok ok) {
                    checks.handle(ok.message());
                } else {
                    System.err.println("plugin host ignores a line: " + ((HostCodec.Decoded.Rejected) d).reason());
                }
            }
        } catch (IOException e) {
            System.err.println("plugin host: reading stdin failed: " + e.getMessage());
        }
        // stdin closed: the daemon stopped us or is gone; don't wait for the plugin's threads
        Runtime.getRuntime().halt(0);
    }

    /** The protocol side of stdout: one message per line, whole lines only. */
    static final class Out {
        private final OutputStream stream;

        Out(OutputStream stream) {
            this.stream = stream;
        }

        synchronized void send(HostMessage m) {
            try {
                stream.write((HostCodec.encode(m) + "\n").getBytes(StandardCharsets.UTF_8));
                stream.flush();
            } catch (IOException e) {
                Runtime.getRuntime().halt(0); // the daemon is gone
            }
        }
    }

    static List<String> types(List<CheckFactory<?>> factories) {
        return factories.stream().map(CheckFactory::type).toList();
    }
}
