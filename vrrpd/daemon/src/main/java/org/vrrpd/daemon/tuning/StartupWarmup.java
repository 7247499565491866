package org.vrrpd.daemon.tuning;

import io.netty.channel.epoll.Epoll;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.vrrpd.net.NativeCalls;

/**
 * Overlaps the daemon's start-up costs on two cores. The main thread parses the command line (picocli) and reads
 * the YAML configuration (Jackson); this thread, started before either, configures logging (logback), binds the
 * native edge (jnr-ffi generates the libc stubs with ASM), gives the JIT's compiler threads their nice value
 * ({@link CompilerNiceness}) and loads Netty's epoll library. The two halves are
 * independent and of similar size. The main thread waits for logging at {@link #awaitLogging()} before it takes
 * its first logger, so no logger is handed out half-initialised; for the native part it finds the work done, or
 * waits inside the JVM's class initialisation, when it first needs it. On one core this costs nothing.
 */
public final class StartupWarmup {

    private static final CountDownLatch LOGGING = new CountDownLatch(1);
    private static volatile boolean started;

    private StartupWarmup() {
    }

    /**
     * Whether a command line runs the daemon (and so gains from warming up) rather than a one-shot command: help,
     * version, or a configuration check.
     */
    public static boolean worthIt(String[] args) {
        for (String a : args) {
            switch (a) {
                case "-t", "--check-config", "config", "check", "-h", "--help", "-V", "--version":
                    return false;
                default:
                    break;
            }
        }
        return true;
    }

    /** Starts the warm-up thread (a daemon thread: it never delays exit). Errors are left to the real use. */
    public static void begin() {
        started = true;
        Thread t = new Thread(StartupWarmup::run, "vrrpd-warmup");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Returns once logging is configured, if {@link #begin()} was called; at once otherwise. Bounded: after 10 s
     * the caller goes on and configures logging itself.
     */
    public static void awaitLogging() throws InterruptedException {
        if (started) {
            LOGGING.await(10, TimeUnit.SECONDS);
        }
    }

    private static void run() {
        try {
            LoggerFactory.getILoggerFactory();
        } catch (Throwable e) { // NOPMD: the main thread meets the same error where it is handled
            // nothing: the real first use reports it
        } finally {
            LOGGING.countDown();
        }
        try {
            NativeCalls.load();
            CompilerNiceness.apply(); // before the compiling of the first seconds competes with the start-up
            Epoll.isAvailable();
        } catch (Throwable e) { // NOPMD: as above
            // nothing: the real first use reports it
        }
    }
}
