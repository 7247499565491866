package org.vrrpd.daemon.pidfd;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.vrrpd.net.NativeException;

/** In-memory pidfds: the test starts and kills pids; {@link #awaitReadable} blocks on a monitor, as poll(2) would. */
final class FakePidfdCalls implements PidfdCalls {

    private final Set<Long> running = new HashSet<>();
    private final Map<Integer, Long> pidByFd = new HashMap<>();
    private final Map<Integer, Long> counters = new HashMap<>(); // eventfds
    private final Set<Integer> open = new HashSet<>();
    private int nextFd = 3;
    private long nextPid = 1000;

    synchronized long start() {
        running.add(++nextPid);
        return nextPid;
    }

    synchronized void kill(long pid) {
        running.remove(pid);
        notifyAll();
    }

    /** Open descriptors (pidfds and the eventfd). */
    synchronized int openFds() {
        return open.size();
    }

    @Override
    public synchronized int pidfdOpen(long pid) throws NativeException {
        if (!running.contains(pid)) {
            throw new NativeException("pidfd_open(" + pid + ")", ESRCH, "No such process");
        }
        int fd = nextFd++;
        pidByFd.put(fd, pid);
        open.add(fd);
        return fd;
    }

    @Override
    public synchronized int eventfd() {
        int fd = nextFd++;
        counters.put(fd, 0L);
        open.add(fd);
        return fd;
    }

    @Override
    public synchronized void signal(int eventfd) {
        counters.merge(eventfd, 1L, Long::sum);
        notifyAll();
    }

    @Override
    public synchronized void drain(int eventfd) {
        counters.put(eventfd, 0L);
    }

    @Override
    public synchronized boolean[] awaitReadable(int[] fds) throws NativeException {
        while (true) {
            boolean[] ready = new boolean[fds.length];
            boolean any = false;
            for (int i = 0; i < fds.length; i++) {
                if (!open.contains(fds[i])) {
                    throw new NativeException("poll", 9, "Bad file descriptor (closed while polled)");
                }
                Long pid = pidByFd.get(fds[i]);
                ready[i] = pid != null ? !running.contains(pid) : counters.getOrDefault(fds[i], 0L) > 0;
                any |= ready[i];
            }
            if (any) {
                return ready;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new boolean[fds.length];
            }
        }
    }

    @Override
    public synchronized void close(int fd) {
        open.remove(fd);
        pidByFd.remove(fd);
        counters.remove(fd);
    }
}
