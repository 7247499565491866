package org.vrrpd.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.daemon.systemd.SignalFdHandle;
import org.vrrpd.daemon.systemd.SignalSet;
import org.vrrpd.daemon.systemd.Signals;
import org.vrrpd.net.NativeException;

/**
 * Where the daemon hears SIGTERM, SIGINT, SIGHUP and SIGQUIT. Started by the package's launcher, these four are
 * blocked in every thread (it runs the JVM with {@code -Xrs} under {@code env --block-signal}): a signalfd on the
 * protocol thread reads them, and SIGTERM's priority-0 adverts leave from the thread that read it, with no other
 * thread woken first. Started any other way (a JVM without {@code -Xrs}), the JDK's signal handlers hand them over
 * as before. See docs/NET.md, "Signals".
 */
final class DaemonSignals {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonSignals.class);

    /** What each signal does. {@code stop}: TERM and INT, on the protocol thread; the others on a thread of theirs. */
    record Actions(Runnable stop, Runnable reload) {
    }

    private DaemonSignals() {
    }

    /**
     * Installs the signals' actions; returns how ("signalfd" or "JDK handlers"). Fails when the JVM runs with
     * {@code -Xrs} but the signals are not blocked: then no handler could run, and SIGTERM would end the daemon
     * without its priority-0 adverts.
     */
    static String install(Daemon daemon, Actions actions) throws IOException {
        if (SignalSet.blockedInEveryThread(SignalSet.HANDLED)) {
            SignalFdHandle fd;
            try {
                fd = SignalFdHandle.open(SignalSet.HANDLED, signal -> dispatch(signal, actions));
            } catch (NativeException e) {
                throw new IOException("cannot read signals: " + e.getMessage(), e);
            }
            daemon.watchSignals(fd);
            return "signalfd";
        }
        try {
            Signals.on("TERM", actions.stop());
            Signals.on("INT", actions.stop());
            Signals.on("HUP", actions.reload());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot handle SIGTERM (" + e.getMessage() + "): the JVM runs with -Xrs, so "
                    + "SIGHUP, SIGINT, SIGQUIT and SIGTERM must be blocked, as /usr/sbin/vrrpd does with "
                    + "'env --block-signal=HUP,INT,QUIT,TERM'", e);
        }
        Signals.warmDispatch(); // SIGTERM's path through the JDK has run once before it is needed
        return "JDK handlers";
    }

    /**
     * For the commands that run no daemon ({@code config check}, {@code check run}, {@code --check-config}):
     * started by the launcher, they too have the four signals blocked, so a thread reads them: SIGINT (Ctrl-C),
     * SIGTERM and SIGHUP end the command with 128 + the signal, as their default action would; SIGQUIT prints
     * the threads. Nothing when the signals are not blocked (the JVM's defaults apply).
     */
    static void endCommandOnSignals() {
        if (!SignalSet.blockedInEveryThread(SignalSet.HANDLED)) {
            return;
        }
        try {
            SignalFdHandle.readOnThread(SignalSet.HANDLED, signal -> {
                if (signal == SignalSet.SIGQUIT) {
                    printThreads(System.out);
                } else {
                    System.exit(128 + signal);
                }
            });
        } catch (NativeException e) {
            LOG.warn("cannot read signals ({}): SIGINT and SIGTERM will not end this command", e.getMessage());
        }
    }

    /** On the protocol thread: a stop at once; a reload or a thread dump on a thread of its own. */
    static void dispatch(int signal, Actions actions) {
        switch (signal) {
            case SignalSet.SIGTERM, SignalSet.SIGINT -> actions.stop().run();
            case SignalSet.SIGHUP -> start("SIGHUP handler", actions.reload());
            case SignalSet.SIGQUIT -> start("SIGQUIT handler", () -> printThreads(System.out));
            default -> LOG.debug("signal {} read and ignored", signal);
        }
    }

    private static void start(String name, Runnable action) {
        Thread t = new Thread(action, name);
        t.setDaemon(true);
        t.start();
    }

    /** The JVM's SIGQUIT answer, which {@code -Xrs} turns off: every thread's stack, on standard output. */
    static void printThreads(PrintStream out) {
        StringBuilder b = new StringBuilder("Thread dump (SIGQUIT)\n");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            b.append('"').append(t.getName()).append("\" ").append(t.isDaemon() ? "daemon " : "")
                    .append("prio=").append(t.getPriority()).append(" tid=").append(t.getId()).append(' ')
                    .append(t.getState()).append('\n');
            for (StackTraceElement frame : e.getValue()) {
                b.append("\tat ").append(frame).append('\n');
            }
            b.append('\n');
        }
        out.print(b);
        out.flush();
    }
}
