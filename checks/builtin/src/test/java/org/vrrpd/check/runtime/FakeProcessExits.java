package org.vrrpd.check.runtime;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory processes: the test starts and kills pids; a kill runs the watches' callbacks on the test's thread. */
final class FakeProcessExits implements ProcessExits {

    private final Set<Long> running = new HashSet<>();
    private final Map<Long, Map<Object, Runnable>> watchers = new HashMap<>();
    boolean unsupported;

    synchronized void start(long pid) {
        running.add(pid);
    }

    void kill(long pid) {
        Map<Object, Runnable> callbacks;
        synchronized (this) {
            running.remove(pid);
            callbacks = watchers.remove(pid);
        }
        if (callbacks != null) {
            callbacks.values().forEach(Runnable::run);
        }
    }

    /** How many live watches there are on {@code pid}. */
    synchronized int watching(long pid) {
        return watchers.getOrDefault(pid, Map.of()).size();
    }

    synchronized int watches() {
        return watchers.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public synchronized Optional<Watch> watch(long pid, Runnable onExit) throws IOException {
        if (unsupported) {
            throw new IOException("pidfd_open: Function not implemented");
        }
        if (!running.contains(pid)) {
            return Optional.empty();
        }
        Object key = new Object();
        watchers.computeIfAbsent(pid, p -> new HashMap<>()).put(key, onExit);
        return Optional.of(() -> {
            synchronized (this) {
                Map<Object, Runnable> m = watchers.get(pid);
                if (m != null) {
                    m.remove(key);
                    if (m.isEmpty()) {
                        watchers.remove(pid);
                    }
                }
            }
        });
    }
}
