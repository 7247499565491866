package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vrrpd.check.api.CheckConfig;

/**
 * {@code type: nfs}: {@code directory} (on the shared mount; the daemon's user must be able to create files in
 * it), {@code max_latency} (default 1s: a slower write-fsync-read-delete round counts as down), {@code fs_types}
 * (the file system types the directory's mount may have; default [nfs, nfs4], the lab uses e.g.
 * {@code fuse.vrrpdstore}).
 */
public class NfsConfig extends CheckConfig {

    @JsonProperty("directory")
    private Path directory;

    @JsonProperty("max_latency")
    private Duration maxLatency = Duration.ofSeconds(1);

    @JsonProperty("fs_types")
    private List<String> fsTypes = List.of("nfs", "nfs4");

    public Path directory() {
        return directory;
    }

    public Duration maxLatency() {
        return maxLatency;
    }

    public List<String> fsTypes() {
        return fsTypes;
    }
}
