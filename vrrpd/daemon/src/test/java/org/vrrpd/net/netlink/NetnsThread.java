package org.vrrpd.net.netlink;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * A dedicated thread that has entered a named network namespace ({@code /var/run/netns/NAME}) with setns(2).
 * Sockets opened by code run on it belong to that namespace for their whole life, whichever thread uses them
 * later; other threads of the JVM stay where they were. For lab tests: {@link #call} runs one task there, and
 * {@link #proxy} wraps an interface so that every method runs there (so e.g. {@code Rtnetlink.subscribe()}
 * opens its socket inside the namespace).
 */
public final class NetnsThread implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** The three libc calls setns needs. */
    public interface Setns {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int nstype);

        @SaveError
        int close(int fd);

        String strerror(int errnum);
    }

    private final ExecutorService executor;
    private final String name;

    private NetnsThread(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the thread and moves it into the namespace; fails with errno text if setns does. */
    public static NetnsThread enter(String namespace) throws Exception {
        NetnsThread t = new NetnsThread(namespace);
        try {
            t.call(() -> {
                Setns libc = LibraryLoader.create(Setns.class).load("c");
                Runtime rt = Runtime.getRuntime(libc);
                String path = "/var/run/netns/" + namespace;
                int fd = libc.open(path, O_RDONLY_CLOEXEC);
                if (fd < 0) {
                    int e = rt.getLastError();
                    throw new NetlinkException("open " + path, e, libc.strerror(e));
                }
                try {
                    if (libc.setns(fd, CLONE_NEWNET) < 0) {
                        int e = rt.getLastError();
                        throw new NetlinkException("setns " + path, e, libc.strerror(e));
                    }
                } finally {
                    libc.close(fd);
                }
                return null;
            });
        } catch (Exception e) {
            t.close();
            throw e;
        }
        return t;
    }

    public String namespace() {
        return name;
    }

    /** Runs the task on the namespace thread and returns its result, rethrowing its exception. */
    public <T> T call(Callable<T> task) throws Exception {
        Future<T> f = executor.submit(task);
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(cause);
        }
    }

    /** Wraps {@code target} so every method of {@code type} runs on the namespace thread. */
    public <T> T proxy(Class<T> type, T target) {
        InvocationHandler h = (p, method, args) -> call(() -> {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable c = e.getCause();
                if (c instanceof Exception ex) {
                    throw ex;
                }
                throw new AssertionError(c);
            }
        });
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
