package org.vrrpd.net;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.IpEnvelope;

/**
 * One raw protocol-112 (or, for keepalived's AH form, protocol-51) socket bound to an interface, registered with a Netty epoll event loop as an
 * {@link EpollIoHandle}: when the fd is readable, {@link #handle} drains it with {@code recvmsg} on the loop thread
 * and hands each accepted packet to the {@link PacketHandler}. Not thread-safe: use it from the loop thread.
 */
final class RawVrrpSocket implements EpollIoHandle {

    /** TOS / traffic class 0xc0: DSCP CS6, network control. */
    static final int NETWORK_CONTROL = 0xc0;

    private static final Logger LOG = LoggerFactory.getLogger(RawVrrpSocket.class);
    private static final int BUFFER = 65536;
    private static final int CONTROL = 256;

    private final NativeCalls nc;
    private final EndpointSpec spec;
    private final int ifIndex;
    private final int fd;
    private final FileDescriptor nettyFd;
    private final PacketHandler handler;
    private final Pointer msg;
    private final Pointer name;
    private final Pointer iov;
    private final Pointer data;
    private final Pointer control;
    /** The protocol thread's send buffers, filled anew by each {@link #send}. */
    private final SendMemory sendMemory;
    /** The warm-up's ({@link #rehearseSend}, another thread): what it writes there never leaves (fd -1). */
    private final SendMemory rehearsalMemory;
    /** What a failed send names in its error (the advert's sender adds the destination). */
    private final String sendWhat;
    private boolean closed;
    private volatile long refused;

    /**
     * Native memory for one sender's messages: the socket's own (protocol thread), or a rehearsal's. Made once, so an
     * advert costs no allocation of native memory (five per send before: each a malloc and a cleaner).
     */
    private static final class SendMemory {
        /** Any advert fits: 255 IPv6 VIPs make 4,100 bytes; a longer payload gets memory of its own. */
        static final int DATA = 16 * 1024;
        final Pointer msg;
        final Pointer iov;
        final Pointer name;
        final Pointer control;
        final Pointer data;

        SendMemory(NativeCalls nc) {
            msg = nc.allocate(Structs.MSGHDR_SIZE);
            iov = nc.allocate(Structs.IOVEC_SIZE);
            name = nc.allocate(Structs.SOCKADDR_IN6_SIZE);
            control = nc.allocate(CONTROL);
            data = nc.allocate(DATA);
        }
    }

    private RawVrrpSocket(NativeCalls nc, EndpointSpec spec, int ifIndex, int fd, PacketHandler handler) {
        this.nc = nc;
        this.spec = spec;
        this.ifIndex = ifIndex;
        this.fd = fd;
        this.nettyFd = new FileDescriptor(fd);
        this.handler = handler;
        this.msg = nc.allocate(Structs.MSGHDR_SIZE);
        this.name = nc.allocate(Structs.SOCKADDR_IN6_SIZE);
        this.iov = nc.allocate(Structs.IOVEC_SIZE);
        this.data = nc.allocate(BUFFER);
        this.control = nc.allocate(CONTROL);
        Structs.iovec(iov, data, BUFFER);
        this.sendMemory = new SendMemory(nc);
        this.rehearsalMemory = new SendMemory(nc);
        this.sendWhat = "VRRP on " + spec.interfaceName();
    }

    /** Opens and configures the socket in the calling thread's network namespace. */
    static RawVrrpSocket open(NativeCalls nc, EndpointSpec spec, PacketHandler handler) throws NativeException {
        String ifName = spec.interfaceName();
        byte[] ifNameBytes = Structs.ifName(ifName);
        int ifIndex = nc.ifNameToIndex(ifName);
        boolean v4 = spec.family() == AddressFamily.IPV4;
        String what = (v4 ? "raw IPv4" : "raw IPv6") + " socket for VRRP (protocol " + spec.ipProtocol() + ") on "
                + ifName;
        int fd = nc.socket(spec.family().kernelNumber(), NativeCalls.SOCK_RAW, spec.ipProtocol(), what);
        try {
            nc.setsockopt(fd, NativeCalls.SOL_SOCKET, NativeCalls.SO_BINDTODEVICE, ifNameBytes, "SO_BINDTODEVICE " + ifName);
            nc.setsockoptInt(fd, NativeCalls.SOL_SOCKET, NativeCalls.SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS");
            if (v4) {
                int ip = NativeCalls.IPPROTO_IP;
                if (spec.ipsecAh()) {
                    // keepalived's AH form: the ICV covers the IP header, so we build it (IPsecAh.seal)
                    nc.setsockoptInt(fd, ip, NativeCalls.IP_HDRINCL, 1, "IP_HDRINCL");
                }
                nc.setsockoptInt(fd, ip, NativeCalls.IP_TTL, 255, "IP_TTL");
                // DSCP CS6 (network control), as keepalived marks its adverts, so QoS keeps them ahead of bulk
                nc.setsockoptInt(fd, ip, NativeCalls.IP_TOS, NETWORK_CONTROL, "IP_TOS");
                nc.setsockoptInt(fd, ip, NativeCalls.IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL");
                nc.setsockoptInt(fd, ip, NativeCalls.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
                nc.setsockoptInt(fd, ip, NativeCalls.IP_RECVTTL, 1, "IP_RECVTTL");
                nc.setsockoptInt(fd, ip, NativeCalls.IP_PKTINFO, 1, "IP_PKTINFO");
                byte[] mreqn = Structs.ipMreqn((Inet4Address) spec.family().group(), ifIndex);
                nc.setsockopt(fd, ip, NativeCalls.IP_MULTICAST_IF, mreqn, "IP_MULTICAST_IF " + ifName);
                if (!spec.isUnicast()) {
                    nc.setsockopt(fd, ip, NativeCalls.IP_ADD_MEMBERSHIP, mreqn, "IP_ADD_MEMBERSHIP 224.0.0.18 " + ifName);
                }
            } else {
                int ip6 = NativeCalls.IPPROTO_IPV6;
                nc.setsockoptInt(fd, ip6, NativeCalls.IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
                nc.setsockoptInt(fd, ip6, NativeCalls.IPV6_TCLASS, NETWORK_CONTROL, "IPV6_TCLASS");
                nc.setsockoptInt(fd, ip6, NativeCalls.IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
                nc.setsockoptInt(fd, ip6, NativeCalls.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
                nc.setsockoptInt(fd, ip6, NativeCalls.IPV6_MULTICAST_IF, ifIndex, "IPV6_MULTICAST_IF " + ifName);
                nc.setsockoptInt(fd, ip6, NativeCalls.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
                nc.setsockoptInt(fd, ip6, NativeCalls.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
                if (!spec.isUnicast()) {
                    byte[] mreq = Structs.ipv6Mreq((Inet6Address) spec.family().group(), ifIndex);
                    nc.setsockopt(fd, ip6, NativeCalls.IPV6_ADD_MEMBERSHIP, mreq, "IPV6_ADD_MEMBERSHIP ff02::12 " + ifName);
                }
                // IPV6_CHECKSUM is deliberately not set: the codec computes the VRRP checksum itself.
            }
        } catch (NativeException e) {
            closeQuietly(nc, fd);
            throw e;
        }
        return new RawVrrpSocket(nc, spec, ifIndex, fd, handler);
    }

    EndpointSpec spec() {
        return spec;
    }

    int ifIndex() {
        return ifIndex;
    }

    @Override
    public FileDescriptor fd() {
        return nettyFd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (!EpollReadiness.readable(event)) {
            return;
        }
        drainPending();
    }

    /** {@link #drain()} with a receive error logged rather than thrown; returns how many were delivered. */
    int drainPending() {
        try {
            return drain();
        } catch (NativeException e) {
            LOG.warn("receiving on {}: {}", spec.interfaceName(), e.getMessage());
            return 0;
        }
    }

    /** Reads every queued packet; returns how many were delivered. */
    int drain() throws NativeException {
        int delivered = 0;
        while (!closed) {
            Structs.msghdr(msg, name, Structs.SOCKADDR_IN6_SIZE, iov, control, CONTROL);
            long n = nc.recvmsg(fd, msg, "VRRP on " + spec.interfaceName());
            if (n < 0) {
                return delivered;
            }
            Received r = parse((int) n);
            if (r == null) {
                continue;
            }
            if (!spec.accepts(r.envelope.source())) {
                refused++;
                continue;
            }
            try {
                handler.onPacket(r.envelope, r.payload, r.receivedAt);
                delivered++;
            } catch (RuntimeException e) {
                LOG.error("packet handler failed on {}", spec.interfaceName(), e);
            }
        }
        return delivered;
    }

    private record Received(IpEnvelope envelope, byte[] payload, long receivedAt) {
    }

    /** The oldest receive timestamp believed (older: the wall clock stepped between receipt and read). */
    static final long MAX_RECEIPT_AGE_NANOS = 10_000_000L;

    /**
     * The receipt time on the monotonic clock: the kernel stamps packets with the wall clock (SCM_TIMESTAMPNS),
     * so its age is measured against the wall clock now and taken off the monotonic now. An age outside 0 ..
     * {@link #MAX_RECEIPT_AGE_NANOS} (no stamp, or a clock step in between) gives "now".
     */
    static long monotonicReceipt(long stampWallNanos, long wallNowNanos, long monotonicNow) {
        long age = wallNowNanos - stampWallNanos;
        return stampWallNanos > 0 && age >= 0 && age <= MAX_RECEIPT_AGE_NANOS ? monotonicNow - age : monotonicNow;
    }

    private Received parse(int length) {
        byte[] bytes = new byte[length];
        data.get(0, bytes, 0, length);
        int nameLength = msg.getInt(8);
        byte[] sockaddr = new byte[Math.min(nameLength, Structs.SOCKADDR_IN6_SIZE)];
        name.get(0, sockaddr, 0, sockaddr.length);
        InetAddress source = sockaddr.length >= 8 ? Structs.addressOf(sockaddr) : null;
        int ttl = -1;
        int arrival = 0;
        long stamp = 0;
        InetAddress destination = null;
        long controlLength = msg.getLong(40);
        int off = 0;
        while (off + Structs.CMSGHDR_SIZE <= controlLength) {
            long len = control.getLong(off);
            if (len < Structs.CMSGHDR_SIZE) {
                break;
            }
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            int d = off + Structs.CMSGHDR_SIZE;
            if (level == NativeCalls.SOL_SOCKET && type == NativeCalls.SO_TIMESTAMPNS) {
                stamp = control.getLong(d) * 1_000_000_000L + control.getLong(d + 8);
            } else if (level == NativeCalls.IPPROTO_IP && type == NativeCalls.IP_TTL
                    || level == NativeCalls.IPPROTO_IPV6 && type == NativeCalls.IPV6_HOPLIMIT) {
                ttl = control.getInt(d);
            } else if (level == NativeCalls.IPPROTO_IP && type == NativeCalls.IP_PKTINFO) {
                arrival = control.getInt(d);
            } else if (level == NativeCalls.IPPROTO_IPV6 && type == NativeCalls.IPV6_PKTINFO) {
                byte[] a = new byte[16];
                control.get(d, a, 0, 16);
                destination = address(a);
                arrival = control.getInt(d + 16);
            }
            off += Structs.cmsgAlign((int) len);
        }
        byte[] payload = bytes;
        if (spec.family() == AddressFamily.IPV4) {
            // A raw IPv4 socket delivers the IP header too.
            if (length < 20) {
                return null;
            }
            int headerLength = (bytes[0] & 0x0f) * 4;
            if (headerLength < 20 || headerLength > length) {
                return null;
            }
            destination = address(Arrays.copyOfRange(bytes, 16, 20));
            if (source == null) {
                source = address(Arrays.copyOfRange(bytes, 12, 16));
            }
            if (ttl < 0) {
                ttl = bytes[8] & 0xff;
            }
            // the AH form is authenticated over the whole datagram: the handler gets it as it arrived
            payload = spec.ipsecAh() ? bytes : Arrays.copyOfRange(bytes, headerLength, length);
        }
        if (source == null || destination == null || ttl < 0 || ttl > 255) {
            LOG.debug("dropping a packet on {} without source, destination or TTL", spec.interfaceName());
            return null;
        }
        Instant wall = Instant.now();
        long receivedAt = monotonicReceipt(stamp, wall.getEpochSecond() * 1_000_000_000L + wall.getNano(),
                System.nanoTime());
        return new Received(new IpEnvelope(source, destination, ttl, arrival), payload, receivedAt);
    }

    /**
     * Sends with TTL/hop limit 255 from {@code source}, out of this interface (pktinfo ancillary data); with
     * {@link EndpointSpec#ipsecAh()} {@code payload} is the whole IPv4 datagram (IP_HDRINCL).
     */
    void send(byte[] payload, InetAddress destination, InetAddress source) throws NativeException {
        sendOn(fd, payload, destination, source, sendMemory);
    }

    /** {@link #send}'s whole path on fd -1: the native call fails with EBADF and nothing is sent (a warm-up). */
    void rehearseSend(byte[] payload, InetAddress destination, InetAddress source) {
        try {
            sendOn(-1, payload, destination, source, rehearsalMemory);
        } catch (NativeException | RuntimeException expected) {
            // EBADF by design
        }
    }

    private void sendOn(int socketFd, byte[] payload, InetAddress destination, InetAddress source,
                        SendMemory memory) throws NativeException {
        spec.checkSend(destination, source);
        byte[] cmsg = source instanceof Inet4Address v4
                ? Structs.cmsg(NativeCalls.IPPROTO_IP, NativeCalls.IP_PKTINFO, Structs.inPktinfo(ifIndex, v4))
                : Structs.cmsg(NativeCalls.IPPROTO_IPV6, NativeCalls.IPV6_PKTINFO,
                        Structs.in6Pktinfo((Inet6Address) source, ifIndex));
        byte[] sockaddr = Structs.sockaddr(destination, ifIndex);
        Pointer buf = payload.length <= SendMemory.DATA ? memory.data : nc.allocate(payload.length);
        buf.put(0, payload, 0, payload.length);
        memory.name.put(0, sockaddr, 0, sockaddr.length);
        memory.control.put(0, cmsg, 0, cmsg.length);
        Structs.iovec(memory.iov, buf, payload.length);
        Structs.msghdr(memory.msg, memory.name, sockaddr.length, memory.iov, memory.control, cmsg.length);
        nc.sendmsg(socketFd, memory.msg, sendWhat);
    }

    /** Closes the fd. Idempotent. */
    @Override
    public void close() throws NativeException {
        if (!closed) {
            closed = true;
            nc.close(fd);
        }
    }

    /** Packets refused by the unicast peer allow-list. */
    long refused() {
        return refused;
    }

    boolean isClosed() {
        return closed;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void closeQuietly(NativeCalls nc, int fd) {
        try {
            nc.close(fd);
        } catch (NativeException ignored) {
            // already failing; the first error is the one to report
        }
    }

    @Override
    public String toString() {
        return "RawVrrpSocket[" + spec.interfaceName() + "/" + spec.family() + " fd=" + fd + "]";
    }
}
