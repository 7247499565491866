package org.vrrpd.net.netlink;

import java.io.IOException;
import java.util.Optional;

/**
 * A failed netlink operation: a syscall or the kernel's NLMSG_ERROR reply. Carries the operation, the errno and
 * its {@code strerror} text, e.g. {@code "add 192.0.2.10/24 on ifindex 99: No such device (errno 19)"}.
 */
public class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NetlinkException(String operation, int errno, String strerror) {
        super(operation + ": " + strerror + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** A kernel error with the extended-ACK text the kernel gave, if any. */
    public NetlinkException(String operation, int errno, String strerror, Optional<String> kernelMessage) {
        super(operation + ": " + strerror + " (errno " + errno + ")"
                + kernelMessage.map(m -> "; kernel says: " + m).orElse(""));
        this.errno = errno;
    }

    /** A failure that is not an errno (bad reply, invalid argument caught before the kernel). */
    public NetlinkException(String message) {
        super(message);
        this.errno = 0;
    }

    /** Builds the exception using glibc's text for the errno values rtnetlink usually returns. */
    public static NetlinkException of(String operation, int errno) {
        return new NetlinkException(operation, errno, Errno.text(errno));
    }

    /** The errno, or 0 if this failure did not come with one. */
    public int errno() {
        return errno;
    }

    /**
     * glibc's strerror text for common errno values, so the in-memory fake reports the same words as Linux.
     * The Linux implementation asks libc's strerror directly.
     */
    static final class Errno {
        private Errno() {
        }

        static String text(int errno) {
            switch (errno) {
                case 1: return "Operation not permitted";
                case 2: return "No such file or directory";
                case 3: return "No such process";
                case 11: return "Resource temporarily unavailable";
                case 13: return "Permission denied";
                case 16: return "Device or resource busy";
                case 17: return "File exists";
                case 19: return "No such device";
                case 22: return "Invalid argument";
                case 95: return "Operation not supported";
                case 97: return "Address family not supported by protocol";
                case 99: return "Cannot assign requested address";
                case 105: return "No buffer space available";
                default: return "Unknown error " + errno;
            }
        }
    }
}
