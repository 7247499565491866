package org.vrrpd.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A file whose content moves the instance ({@code track_files:}), keepalived's {@code vrrp_track_file} /
 * {@code track_file}: the number in the file (C {@code strtol} rules: decimal, {@code 0x} hex, leading {@code 0}
 * octal; a missing or empty file reads 0) times {@code weight} (times -1 with {@code reverse}) is added to the
 * priority; a result of -254 or lower puts the instance into Fault. With weight 0 a non-zero value means Fault
 * (with {@code reverse}: a zero value does).
 *
 * @param name          the tracked file's name, unique within the instance ({@code file:<name>} in the breakdown)
 * @param file          absolute path of the file
 * @param weight        -254..254, default 1
 * @param reverse       multiply by -1
 * @param initValue     keepalived's {@code init_file VALUE}: at start, create the file with this value when it
 *                      does not exist; empty = leave the file alone
 * @param initOverwrite keepalived's {@code init_file ... overwrite}: at start, write the value even when the file
 *                      exists (never on reload)
 */
public record TrackedFile(String name, Path file, int weight, boolean reverse, OptionalInt initValue,
        boolean initOverwrite) {

    public static final int DEFAULT_WEIGHT = 1;
    public static final int MAX_WEIGHT = 254;

    public TrackedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(initValue, "initValue");
    }
}
