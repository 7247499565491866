package org.vrrpd.daemon.systemd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.net.NativeCalls;
import org.vrrpd.net.NativeException;

/**
 * The systemd notification protocol ({@code sd_notify(3)}) without libsystemd: newline-separated
 * {@code KEY=VALUE} assignments sent as one datagram to the {@code AF_UNIX} socket named by
 * {@code $NOTIFY_SOCKET}. A name starting with {@code '@'} is in the abstract namespace (the {@code '@'} becomes
 * a NUL byte). With no {@code $NOTIFY_SOCKET} (not started by systemd, or {@code Type=} is not {@code notify})
 * every call does nothing.
 *
 * <p>Java 17's NIO has no {@code AF_UNIX} datagram sockets, so the datagram goes through the daemon's native
 * chokepoint ({@link NativeCalls#socket} and {@link NativeCalls#sendto}). A failed send is logged and never
 * thrown: losing a status line must not stop the daemon.
 */
public final class SdNotify {

    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

    static final int AF_UNIX = 1;
    /** {@code sizeof(sun_path)} on Linux. */
    static final int SUN_PATH_MAX = 108;

    /** Sends one datagram to a {@code sockaddr_un}; the seam tests replace. */
    @FunctionalInterface
    interface Transport {
        void send(byte[] sockaddr, byte[] payload) throws IOException;
    }

    private static final SdNotify DISABLED = new SdNotify(null, null);

    private final String socket;
    private final byte[] sockaddr;
    private final Transport transport;

    SdNotify(String socket, Transport transport) {
        this.socket = socket;
        this.sockaddr = socket == null ? null : sockaddr(socket);
        this.transport = transport;
    }

    /** The notifier for this process: enabled when {@code $NOTIFY_SOCKET} names a usable socket. */
    public static SdNotify fromEnvironment() {
        return forSocket(System.getenv("NOTIFY_SOCKET"), SdNotify::nativeSend);
    }

    static SdNotify forSocket(String socket, Transport transport) {
        if (socket == null || socket.isEmpty()) {
            return DISABLED;
        }
        if (!(socket.startsWith("/") || socket.startsWith("@"))) {
            LOG.warn("ignoring NOTIFY_SOCKET={}: neither an absolute path nor an abstract name (@...)", socket);
            return DISABLED;
        }
        if (socket.getBytes(StandardCharsets.UTF_8).length >= SUN_PATH_MAX) {
            LOG.warn("ignoring NOTIFY_SOCKET={}: longer than sun_path", socket);
            return DISABLED;
        }
        return new SdNotify(socket, transport);
    }

    /** Whether notifications are sent (systemd gave us a socket). */
    public boolean enabled() {
        return socket != null;
    }

    /** Sends {@code READY=1} with a status line. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** Sends a {@code STATUS=} line (shown by {@code systemctl status}). */
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /**
     * Sends {@code RELOADING=1} with {@code MONOTONIC_USEC=} (systemd 253+ requires it for {@code Type=notify-reload}
     * and accepts it otherwise). {@link System#nanoTime()} reads {@code CLOCK_MONOTONIC} on Linux, the clock
     * systemd expects.
     */
    public void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=reloading the configuration");
    }

    /** Sends {@code STOPPING=1}. */
    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping: handing over VIPs");
    }

    /** Sends {@code WATCHDOG=1}. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** Sends raw newline-separated assignments; does nothing when disabled. */
    public void send(String assignments) {
        if (socket == null) {
            return;
        }
        try {
            transport.send(sockaddr, assignments.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("sd_notify to {} failed: {}", socket, e.getMessage());
        }
    }

    /**
     * The watchdog interval systemd asks for ({@code WatchdogSec=}, passed as {@code $WATCHDOG_USEC}), if it is
     * meant for this process ({@code $WATCHDOG_PID} absent or equal to {@code pid}).
     */
    public static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null) {
            return Optional.empty();
        }
        String forPid = env.get("WATCHDOG_PID");
        if (forPid != null && !forPid.equals(Long.toString(pid))) {
            return Optional.empty();
        }
        try {
            long us = Long.parseLong(usec.trim());
            return us > 0 ? Optional.of(Duration.ofNanos(us * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring WATCHDOG_USEC={}: not a number", usec);
            return Optional.empty();
        }
    }

    /**
     * The Linux {@code struct sockaddr_un} for {@code socket}: {@code sa_family} in host byte order (little
     * endian on x86-64 and arm64), then the path (NUL-terminated) or, for {@code @name}, a NUL and the name with
     * no terminator (abstract names are length-delimited).
     */
    static byte[] sockaddr(String socket) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(AF_UNIX & 0xff);
        out.write((AF_UNIX >> 8) & 0xff);
        if (socket.startsWith("@")) {
            out.write(0);
            out.writeBytes(socket.substring(1).getBytes(StandardCharsets.UTF_8));
        } else {
            out.writeBytes(socket.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }

    static void nativeSend(byte[] sockaddr, byte[] payload) throws IOException {
        NativeCalls nc = NativeCalls.load();
        int fd = nc.socket(AF_UNIX, NativeCalls.SOCK_DGRAM, 0, "AF_UNIX notify socket");
        try {
            nc.sendto(fd, payload, sockaddr, "NOTIFY_SOCKET");
        } finally {
            try {
                nc.close(fd);
            } catch (NativeException e) {
                LOG.debug("closing the notify socket: {}", e.getMessage());
            }
        }
    }
}
