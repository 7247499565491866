package org.vrrpd.net;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs Java code inside a named network namespace ({@code /var/run/netns/NAME}, as made by {@code ip netns add}):
 * the thread calls {@code setns(fd, CLONE_NEWNET)} first, so sockets it creates and interface names it resolves
 * belong to that namespace. A test fixture (the daemon's test-jar, never shipped): the lab tests run transports
 * and probes inside their namespaces with it.
 */
public final class NetworkNamespaces {

    private NetworkNamespaces() {
    }

    /** Moves the calling thread into namespace {@code name}. Only that thread changes namespace. */
    public static void enter(String name) throws NativeException {
        NativeCalls nc = NativeCalls.load();
        int fd = nc.open("/var/run/netns/" + name, NativeCalls.O_RDONLY | NativeCalls.O_CLOEXEC);
        try {
            nc.setns(fd, NativeCalls.CLONE_NEWNET, "netns " + name);
        } finally {
            nc.close(fd);
        }
    }

    /** Runs {@code task} on a new thread inside namespace {@code name} and returns its result. */
    public static <T> T call(String name, Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(() -> {
            enter(name);
            return task.call();
        });
        Thread t = new Thread(future, "netns-" + name);
        t.start();
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /**
     * Threads that enter namespace {@code name} before running; give it to
     * {@code new MultiThreadIoEventLoopGroup(1, threadFactory(ns), EpollIoHandler.newFactory())} so the event loop,
     * and every socket {@link LinuxVrrpTransport} opens on it, live in that namespace. A thread that cannot enter
     * the namespace ends with the error instead of running in the wrong one.
     */
    public static ThreadFactory threadFactory(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(() -> {
                try {
                    enter(name);
                } catch (NativeException e) {
                    throw new IllegalStateException("cannot enter network namespace " + name + ": " + e.getMessage(), e);
                }
                runnable.run();
            }, "netns-" + name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
