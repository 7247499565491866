package org.vrrpd.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/** Validates an instance's {@code track_files:} and {@code track_primary:} into {@link TrackOptions}. */
final class TrackOptionsValidator {

    private final Findings findings;
    private final String base;
    private final String ctx;

    TrackOptionsValidator(Findings findings, String base, String ctx) {
        this.findings = findings;
        this.base = base;
        this.ctx = ctx;
    }

    TrackOptions validate(RawConfig.Instance raw) {
        boolean trackPrimary = raw.trackPrimary == null || raw.trackPrimary;
        return new TrackOptions(files(raw.trackFiles), trackPrimary);
    }

    private List<TrackedFile> files(List<RawConfig.TrackFile> raw) {
        List<TrackedFile> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            RawConfig.TrackFile t = raw.get(i);
            String key = base + "/track_files/" + i;
            if (t == null) {
                findings.error(key, ctx + "tracked file must be a mapping with 'name' and 'file'");
                continue;
            }
            int before = findings.errorCount();
            if (t.name == null || !InstanceValidator.NAME.matcher(t.name).matches()) {
                findings.error(t.name == null ? key : key + "/name", ctx + "tracked file needs a 'name' of 1-64"
                        + " letters, digits, '_', '.', '-'");
            } else if (!names.add(t.name)) {
                findings.error(key + "/name", ctx + "tracked file '" + t.name + "' listed twice");
            }
            if (t.file == null || !t.file.startsWith("/") || t.file.endsWith("/")) {
                findings.error(t.file == null ? key : key + "/file", ctx + "tracked file needs 'file': an absolute"
                        + " path to a file");
            }
            int weight = t.weight == null ? TrackedFile.DEFAULT_WEIGHT : t.weight;
            if (weight < -TrackedFile.MAX_WEIGHT || weight > TrackedFile.MAX_WEIGHT) {
                findings.error(key + "/weight", ctx + "tracked file weight " + weight + " out of range -254..254");
            }
            if (t.initOverwrite != null && t.initFile == null) {
                findings.error(key + "/init_overwrite", ctx + "init_overwrite needs init_file (the value to write)");
            }
            if (t.initFile != null && (t.initFile < -254 || t.initFile > 254)) {
                findings.warn(key + "/init_file", ctx + "init_file " + t.initFile + " is outside the sensible range"
                        + " -254..254 (keepalived warns too)");
            }
            if (findings.errorCount() > before) {
                continue;
            }
            out.add(new TrackedFile(t.name, Path.of(t.file), weight, Boolean.TRUE.equals(t.reverse),
                    t.initFile == null ? OptionalInt.empty() : OptionalInt.of(t.initFile),
                    Boolean.TRUE.equals(t.initOverwrite)));
        }
        return out;
    }
}
