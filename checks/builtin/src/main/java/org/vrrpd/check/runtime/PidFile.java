package org.vrrpd.check.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A service's pid file ({@code pid_file:}): one decimal pid, optionally followed by white space or a newline. */
public final class PidFile {

    /** Larger files are not pid files (Linux's pid_max is at most 2^22, seven digits). */
    private static final long MAX_BYTES = 64;

    private PidFile() {
    }

    /**
     * The pid {@code file} names.
     *
     * @throws IOException with a message naming the file: missing, unreadable, empty or not a positive pid
     */
    public static long read(Path file) throws IOException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException("pid file " + file + " is longer than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new IOException("pid file " + file + " does not exist", e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("pid file ")) {
                throw e;
            }
            throw new IOException("pid file " + file + " cannot be read: " + e, e);
        }
        if (text.isEmpty()) {
            throw new IOException("pid file " + file + " is empty");
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("pid file " + file + " holds no pid: '" + abbreviate(text) + "'", e);
        }
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IOException("pid file " + file + " holds no pid: " + pid);
        }
        return pid;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
