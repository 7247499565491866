package org.vrrpd.daemon.systemd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The startup capability check: reads the effective set ({@code CapEff:} in {@code /proc/self/status}) and
 * names what is missing before any socket is opened, so an unprivileged start fails with one clear line
 * instead of an {@code EPERM} from deep inside rtnetlink. vrrpd needs exactly two capabilities:
 * {@code CAP_NET_RAW} (the raw VRRP socket and the packet socket for gratuitous ARP / unsolicited NA) and
 * {@code CAP_NET_ADMIN} (adding and removing VIPs over rtnetlink, joining multicast groups on an interface).
 */
public final class Capabilities {

    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;

    private Capabilities() {
    }

    /** The capabilities vrrpd needs that {@code capEff} lacks, as "CAP_NET_RAW (why)" texts; empty when none. */
    static List<String> missing(long capEff) {
        List<String> out = new ArrayList<>();
        if ((capEff & (1L << CAP_NET_RAW)) == 0) {
            out.add("CAP_NET_RAW (raw VRRP socket, gratuitous ARP / unsolicited NA)");
        }
        if ((capEff & (1L << CAP_NET_ADMIN)) == 0) {
            out.add("CAP_NET_ADMIN (adding and removing VIPs over rtnetlink)");
        }
        return out;
    }

    /** The {@code CapEff:} mask from a {@code /proc/PID/status} text, if present. */
    static Optional<Long> effective(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return Optional.of(Long.parseUnsignedLong(line.substring(7).trim(), 16));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The startup error for this process, or empty when it holds both capabilities (or the mask cannot be read:
     * then the kernel's own EPERM reports it).
     */
    public static Optional<String> startupError() {
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return Optional.empty();
        }
        return effective(status).map(Capabilities::missing).filter(m -> !m.isEmpty())
                .map(m -> "missing capability " + String.join(" and ", m) + "; run as root, or grant them with"
                        + " AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN (see the vrrpd.service unit)");
    }
}
