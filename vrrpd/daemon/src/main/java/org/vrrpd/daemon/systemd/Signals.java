package org.vrrpd.daemon.systemd;

import sun.misc.Signal;

/**
 * POSIX signal handlers through the JDK's {@code sun.misc.Signal} (module jdk.unsupported, present in every
 * JRE 17+). Handlers run on a JVM signal thread; they must only hand work to other threads.
 */
public final class Signals {

    private Signals() {
    }

    public static void on(String name, Runnable action) {
        Signal.handle(new Signal(name), s -> action.run());
    }
}
