package org.vrrpd.daemon.pidfd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.check.runtime.ProcessExits;
import org.vrrpd.net.NativeException;

/**
 * {@link ProcessExits} through pidfds: one thread ({@code vrrpd-pidfd}, started by the first watch) waits in
 * {@code poll(2)}, with no timeout, on every watched process's pidfd and an eventfd that wakes it when the set
 * changes; the kernel makes a pidfd readable when its process exits, and the thread calls the watch's callback.
 *
 * <p><b>Why its own thread, not the daemon's Netty epoll loop.</b> That loop is the protocol thread (real-time
 * priority, adverts and timers); an exit callback takes the check scheduler's lock, which check threads hold while
 * they report, and the protocol thread must never wait for a check. One more thread asleep in {@code poll} costs
 * nothing until a process exits, and keeps the check runtime free of Netty.
 *
 * <p>A cancelled watch's pidfd is closed by the watcher thread itself, between two waits, so its number cannot be
 * reused by a new pidfd while a {@code poll} still holds it.
 */
public final class PidfdWatcher implements ProcessExits, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PidfdWatcher.class);

    private final PidfdCalls calls;
    // guarded by this
    private final Map<Integer, Runnable> byFd = new HashMap<>();
    private final List<Integer> toClose = new ArrayList<>();
    private int wake = -1;
    private Thread thread;
    private boolean closed;

    public PidfdWatcher(PidfdCalls calls) {
        this.calls = calls;
    }

    /** The production watcher (Linux pidfds). */
    public static PidfdWatcher linux() {
        return new PidfdWatcher(PidfdCalls.linux());
    }

    @Override
    public Optional<Watch> watch(long pid, Runnable onExit) throws IOException {
        int fd;
        try {
            fd = calls.pidfdOpen(pid);
        } catch (NativeException e) {
            if (e.errno() == PidfdCalls.ESRCH) {
                return Optional.empty();
            }
            throw e;
        }
        int wakeFd;
        synchronized (this) {
            if (closed) {
                calls.close(fd);
                throw new IOException("the process watcher is closed");
            }
            if (thread == null) {
                try {
                    startThread();
                } catch (IOException e) {
                    calls.close(fd);
                    throw e;
                }
            }
            byFd.put(fd, onExit);
            wakeFd = wake;
        }
        calls.signal(wakeFd);
        return Optional.of(() -> cancel(fd, onExit));
    }

    /** How many processes are watched now. */
    public synchronized int watched() {
        return byFd.size();
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = thread;
            if (t == null) {
                byFd.keySet().forEach(calls::close);
                byFd.clear();
                return;
            }
        }
        try {
            calls.signal(wake);
            t.join(2000);
        } catch (NativeException e) {
            LOG.warn("stopping the process watcher: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cancel(int fd, Runnable onExit) {
        int wakeFd;
        synchronized (this) {
            if (closed || byFd.get(fd) != onExit) {
                return; // already fired, or closed
            }
            byFd.remove(fd);
            toClose.add(fd);
            wakeFd = wake;
        }
        try {
            calls.signal(wakeFd);
        } catch (NativeException e) {
            LOG.warn("waking the process watcher: {}", e.getMessage());
        }
    }

    private void startThread() throws IOException {
        wake = calls.eventfd();
        thread = new Thread(this::loop, "vrrpd-pidfd");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                int[] fds;
                synchronized (this) {
                    toClose.forEach(calls::close);
                    toClose.clear();
                    if (closed) {
                        break;
                    }
                    fds = new int[byFd.size() + 1];
                    fds[0] = wake;
                    int i = 1;
                    for (int fd : byFd.keySet()) {
                        fds[i++] = fd;
                    }
                }
                boolean[] ready = calls.awaitReadable(fds);
                if (ready[0]) {
                    calls.drain(fds[0]);
                }
                List<Runnable> exited = new ArrayList<>();
                synchronized (this) {
                    for (int i = 1; i < fds.length; i++) {
                        Runnable r = ready[i] ? byFd.remove(fds[i]) : null;
                        if (r != null) {
                            toClose.add(fds[i]);
                            exited.add(r);
                        }
                    }
                }
                for (Runnable r : exited) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.warn("a process exit callback threw: {}", e.toString());
                    }
                }
            }
        } catch (NativeException e) {
            LOG.error("the process watcher stopped ({}); checks notice exits on their next run only", e.getMessage());
        } finally {
            synchronized (this) {
                closed = true;
                toClose.forEach(calls::close);
                toClose.clear();
                byFd.keySet().forEach(calls::close);
                byFd.clear();
                calls.close(wake);
            }
        }
    }
}
