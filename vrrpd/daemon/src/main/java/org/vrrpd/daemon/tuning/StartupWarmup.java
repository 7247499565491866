package org.vrrpd.daemon.tuning;

import io.netty.channel.epoll.Epoll;
import org.vrrpd.net.NativeCalls;

/**
 * Overlaps the daemon's two largest start-up costs. Reading the YAML configuration (Jackson, on the main thread)
 * and binding the native edge (jnr-ffi generates the libc stubs with ASM; Netty loads its epoll library) are
 * independent, so the second starts on its own thread at once and the main thread finds it done, or waits for
 * it inside the JVM's class initialisation, when it first needs it. On a machine with one core this costs
 * nothing; with two it takes the native part off the path to Backup.
 */
public final class StartupWarmup {

    private StartupWarmup() {
    }

    /** Starts the warm-up thread (a daemon thread: it never delays exit). Errors are left to the real use. */
    public static void begin() {
        Thread t = new Thread(StartupWarmup::run, "vrrpd-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            NativeCalls.load();
            Epoll.isAvailable();
        } catch (Throwable e) { // NOPMD: the main thread meets the same error where it is handled
            // nothing: the real first use reports it
        }
    }
}
