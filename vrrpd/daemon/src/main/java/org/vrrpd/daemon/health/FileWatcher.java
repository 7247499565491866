package org.vrrpd.daemon.health;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when a file is written, created, moved in or out, or deleted: the JDK's {@link WatchService}, which on
 * Linux is inotify on the file's directory (as keepalived watches a tracked file's directory), with one daemon
 * thread for all files. Callbacks run on that thread and must not block.
 */
public final class FileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

    private final WatchService service;
    private final Thread thread;

    // guarded by this
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, List<Runnable>> byFile = new HashMap<>();

    private FileWatcher(WatchService service) {
        this.service = service;
        this.thread = new Thread(this::loop, "vrrpd-track-files");
        thread.setDaemon(true);
    }

    /** Opens the watcher and starts its thread. */
    public static FileWatcher open() throws IOException {
        FileWatcher w = new FileWatcher(FileSystems.getDefault().newWatchService());
        w.thread.start();
        return w;
    }

    /**
     * Calls {@code onChange} whenever {@code file} may have changed (written, created, renamed, deleted) until the
     * returned handle is closed. Throws when the file's directory cannot be watched (e.g. it does not exist).
     */
    public synchronized AutoCloseable watch(Path file, Runnable onChange) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (!keys.containsKey(dir)) {
            keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
        }
        byFile.computeIfAbsent(abs, k -> new ArrayList<>()).add(onChange);
        return () -> unwatch(abs, onChange);
    }

    private synchronized void unwatch(Path file, Runnable onChange) {
        List<Runnable> list = byFile.get(file);
        if (list == null) {
            return;
        }
        list.remove(onChange);
        if (list.isEmpty()) {
            byFile.remove(file);
        }
        Path dir = file.getParent();
        if (byFile.keySet().stream().noneMatch(f -> f.getParent().equals(dir))) {
            WatchKey k = keys.remove(dir);
            if (k != null) {
                k.cancel();
            }
        }
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            List<Runnable> due = new ArrayList<>();
            for (WatchEvent<?> event : key.pollEvents()) {
                synchronized (this) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        byFile.forEach((f, l) -> {
                            if (f.getParent().equals(dir)) {
                                due.addAll(l);
                            }
                        });
                    } else {
                        due.addAll(byFile.getOrDefault(dir.resolve((Path) event.context()), List.of()));
                    }
                }
            }
            key.reset();
            for (Runnable r : due.stream().distinct().toList()) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("tracked file callback failed: {}", e.toString(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the file watcher: {}", e.getMessage());
        }
    }
}
