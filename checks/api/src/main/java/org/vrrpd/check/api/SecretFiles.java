package org.vrrpd.check.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The real rule behind {@link CheckContext#readSecret}: a secret file must be a regular file (not a symlink),
 * owned by root or by the daemon's own user, with no permission bits for group or others (0600 or 0400).
 * Anything else is refused with a reason an operator can act on, in the spirit of keepalived's
 * {@code script_security} and OpenSSH's private-key check.
 *
 * <p>The secret is the file's first line with surrounding whitespace removed, so a trailing newline written by
 * {@code echo} does not become part of the password.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    /** Reads the secret after checking ownership (root or the running process's user) and mode. */
    public static String read(Path file) throws CheckConfigException {
        return read(file, currentUid());
    }

    /** Reads the secret after checking that the owner is root or {@code allowedUid} and the mode is 0600/0400. */
    public static String read(Path file, int allowedUid) throws CheckConfigException {
        checkSecure(file, allowedUid);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int eol = text.indexOf('\n');
            String first = (eol >= 0 ? text.substring(0, eol) : text).strip();
            if (first.isEmpty()) {
                throw new CheckConfigException("secret file " + file + " is empty");
            }
            return first;
        } catch (IOException e) {
            throw new CheckConfigException("cannot read secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Throws with the reason when {@code file} is not a private regular file owned by root or allowedUid. */
    public static void checkSecure(Path file, int allowedUid) throws CheckConfigException {
        try {
            if (Files.isSymbolicLink(file)) {
                throw new CheckConfigException("secret file " + file + " is a symbolic link; point at the file itself");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new CheckConfigException("secret file " + file + " does not exist or is not a regular file");
            }
            int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != 0 && owner != allowedUid) {
                throw new CheckConfigException("secret file " + file + " is owned by uid " + owner
                        + "; it must be owned by root or by the daemon's user (uid " + allowedUid + ")");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) {
                if (GROUP_OR_OTHER.contains(p)) {
                    throw new CheckConfigException("secret file " + file + " has mode " + modeString(perms)
                            + "; it must not be accessible by group or others (chmod 600 " + file + ")");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new CheckConfigException("cannot check secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The effective uid of this process (the owner of {@code /proc/self}). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot determine the process's uid from /proc/self", e);
        }
    }

    /** Octal form of a permission set, e.g. {@code 0640}. */
    public static String modeString(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }
}
