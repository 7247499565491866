package org.vrrpd.check.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vrrpd.check.builtin.ScriptProcesses;

/**
 * Starts plugin hosts as child JVMs: the daemon's own {@code java} and class path, main class
 * {@link PluginHostMain}, a small Serial-GC heap that ends the process on {@link OutOfMemoryError}, and the
 * watchdog's thread limit. Processes are started from one dedicated launcher thread, which first runs
 * {@code lowerPriority} on itself (the daemon passes a {@code setpriority} to the host's nice value): on Linux the
 * nice value is per thread and a child inherits its parent thread's, so every thread of every host — from the
 * JVM's first — runs at that nice value, while the daemon's other threads keep theirs.
 */
public final class JvmHostLauncher implements HostProcess.Launcher, AutoCloseable {

    private final PluginHostSettings settings;
    private final String java;
    private final String classPath;
    private final ExecutorService launcherThread;

    /**
     * @param lowerPriority run once on the launcher thread before the first start (may be a no-op)
     */
    public JvmHostLauncher(PluginHostSettings settings, Runnable lowerPriority) {
        this(settings, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"), lowerPriority);
    }

    public JvmHostLauncher(PluginHostSettings settings, String java, String classPath, Runnable lowerPriority) {
        this.settings = settings;
        this.java = java;
        this.classPath = classPath;
        this.launcherThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vrrpd-plugin-launcher");
            t.setDaemon(true);
            return t;
        });
        launcherThread.execute(lowerPriority);
    }

    /** The command line for {@code jar}'s host. */
    public List<String> command(Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx" + settings.heap());
        cmd.add("-Xms8m");
        cmd.add("-Xss512k");
        cmd.add("-XX:MaxMetaspaceSize=64m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:-UsePerfData");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(PluginHostMain.class.getName());
        cmd.add("--jar");
        cmd.add(jar.toString());
        cmd.add("--max-threads");
        cmd.add(Integer.toString(settings.maxThreads()));
        return cmd;
    }

    @Override
    public HostProcess launch(Path jar) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ScriptProcesses.withDefaultSignals(command(jar)));
        pb.environment().keySet().removeIf(k -> k.startsWith("VRRPD_") || k.equals("JAVA_TOOL_OPTIONS")
                || k.equals("JDK_JAVA_OPTIONS"));
        Process p;
        try {
            p = launcherThread.submit(pb::start).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the plugin host", e);
        } catch (TimeoutException e) {
            throw new IOException("starting the plugin host took more than 30s", e);
        }
        return new Child(p);
    }

    /** Starts threads on the launcher thread, so they run at its policy and nice value. */
    @Override
    public Executor threadStarter() {
        return launcherThread;
    }

    @Override
    public void close() {
        launcherThread.shutdownNow();
    }

    private static final class Child implements HostProcess {
        private final Process p;
        private final CompletableFuture<Integer> exit;

        Child(Process p) {
            this.p = p;
            this.exit = p.onExit().thenApply(Process::exitValue);
        }

        @Override
        public OutputStream stdin() {
            return p.getOutputStream();
        }

        @Override
        public InputStream stdout() {
            return p.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return p.getErrorStream();
        }

        @Override
        public long pid() {
            return p.pid();
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public void kill() {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // already closed
            }
            try {
                if (!p.waitFor(1, TimeUnit.SECONDS)) {
                    p.destroyForcibly(); // the Process we started: its own pid, never a search by name
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
