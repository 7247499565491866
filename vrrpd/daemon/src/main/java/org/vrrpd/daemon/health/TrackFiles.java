package org.vrrpd.daemon.health;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.TrackedFile;
import org.vrrpd.daemon.track.TrackFileValue;
import org.vrrpd.daemon.track.Tracked;

/**
 * One instance's tracked files ({@code track_files:}, keepalived's {@code track_file}): read at once, then again
 * on every change the {@link FileWatcher} reports; each new value goes to {@code report} as a {@link Tracked}
 * (keepalived's rules in {@link TrackFileValue}). A missing or unreadable file reads 0; a number out of range is
 * logged and the previous value kept.
 */
final class TrackFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackFiles.class);

    private final String instance;
    private final Consumer<Tracked> report;
    private final List<AutoCloseable> watches = new ArrayList<>();

    // guarded by this
    private final Map<String, Long> values = new LinkedHashMap<>();
    private final Map<String, TrackedFile> files = new LinkedHashMap<>();

    TrackFiles(String instance, List<TrackedFile> files, FileWatcher watcher, Consumer<Tracked> report) {
        this.instance = instance;
        this.report = report;
        for (TrackedFile f : files) {
            this.files.put(f.name(), f);
            values.put(f.name(), read(f).orElse(0));
            if (watcher == null) {
                continue;
            }
            try {
                watches.add(watcher.watch(f.file(), () -> changed(f)));
            } catch (IOException e) {
                LOG.warn("{}: cannot watch tracked file {} ({}): its value is read at start only", instance,
                        f.file(), e.toString());
            }
        }
    }

    /**
     * keepalived's {@code init_file}: writes {@code value} into each file that does not exist yet, or into every
     * file with {@code init_overwrite}. Done once, at start.
     */
    static void initialise(String instance, List<TrackedFile> files) {
        for (TrackedFile f : files) {
            if (f.initValue().isEmpty() || (Files.exists(f.file()) && !f.initOverwrite())) {
                continue;
            }
            if (Files.exists(f.file()) && !Files.isRegularFile(f.file())) {
                LOG.warn("{}: cannot initialise tracked file {}: not a regular file", instance, f.file());
                continue;
            }
            try {
                Files.writeString(f.file(), f.initValue().getAsInt() + "\n", StandardCharsets.US_ASCII);
            } catch (IOException e) {
                LOG.warn("{}: cannot initialise tracked file {}: {}", instance, f.file(), e.toString());
            }
        }
    }

    /** Every file's state now. */
    synchronized List<Tracked> current() {
        List<Tracked> out = new ArrayList<>();
        values.forEach((name, v) -> out.add(TrackFileValue.tracked(files.get(name), v)));
        return out;
    }

    /** The file's value now, as last read. */
    synchronized long value(String name) {
        return values.get(name);
    }

    /** Re-reads {@code f} (watcher thread) and reports the new state when the value changed. */
    void changed(TrackedFile f) {
        OptionalLong v = read(f);
        if (v.isEmpty()) {
            return;
        }
        Tracked t;
        synchronized (this) {
            Long before = values.put(f.name(), v.getAsLong());
            if (before != null && before == v.getAsLong()) {
                return;
            }
            t = TrackFileValue.tracked(f, v.getAsLong());
        }
        LOG.info("{}: tracked file {} now {}", instance, f.file(), t.message());
        report.accept(t);
    }

    /** keepalived's read: the first 127 bytes; a missing, unreadable or empty file is 0. */
    private OptionalLong read(TrackedFile f) {
        byte[] buf;
        try (InputStream in = Files.newInputStream(f.file())) {
            buf = in.readNBytes(TrackFileValue.READ_LIMIT);
        } catch (NoSuchFileException e) {
            return OptionalLong.of(0);
        } catch (IOException e) {
            LOG.debug("{}: cannot read tracked file {}: {}", instance, f.file(), e.toString());
            return OptionalLong.of(0);
        }
        OptionalLong v = TrackFileValue.parse(buf);
        if (v.isEmpty()) {
            LOG.warn("{}: invalid number read from tracked file {} - ignoring", instance, f.file());
        }
        return v;
    }

    @Override
    public void close() {
        for (AutoCloseable w : watches) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("{}: {}", instance, e.toString());
            }
        }
    }
}
