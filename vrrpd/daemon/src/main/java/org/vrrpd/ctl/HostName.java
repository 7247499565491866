package org.vrrpd.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name (uname's nodename) up to its first dot: keepalived's default config id. */
final class HostName {

    private HostName() {
    }

    /** The short host name, or null when none can be read (then no {@code @id} line is kept). */
    static String shortName() {
        String name;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
