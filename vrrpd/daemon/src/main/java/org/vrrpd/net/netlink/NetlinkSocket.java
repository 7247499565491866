package org.vrrpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An AF_NETLINK socket (NETLINK_ROUTE unless told otherwise, e.g. NETLINK_NETFILTER for nf_tables): opened with
 * SOCK_CLOEXEC, bound with a kernel-assigned port id and the given legacy multicast groups, talking to the kernel
 * (port 0). The socket belongs to the network namespace of the thread that opens it, for its whole life.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int SOCKADDR_NL_LEN = 12;

    private final NetlinkCalls.Checked libc;
    private final int fd;
    private final int portId;
    private boolean closed;

    private NetlinkSocket(NetlinkCalls.Checked libc, int fd, int portId) {
        this.libc = libc;
        this.fd = fd;
        this.portId = portId;
    }

    /**
     * @param groups     RTMGRP_* bitmask to join, 0 for a request socket
     * @param rcvBuf     SO_RCVBUF in bytes, or 0 to keep the default
     * @param nonBlocking set O_NONBLOCK (for event sockets read from an event loop)
     */
    static NetlinkSocket open(NetlinkCalls.Checked libc, int groups, int rcvBuf, boolean nonBlocking)
            throws NetlinkException {
        return open(libc, NetlinkConstants.NETLINK_ROUTE, groups, rcvBuf, nonBlocking);
    }

    /** A blocking request socket of another netlink protocol (NETLINK_NETFILTER = 12), with extended ACKs. */
    public static NetlinkSocket openRequestSocket(int protocol) throws NetlinkException {
        NetlinkSocket s = open(NetlinkCalls.Checked.get(), protocol, 0, 0, false);
        s.enableExtendedAcks();
        return s;
    }

    private static NetlinkSocket open(NetlinkCalls.Checked libc, int protocol, int groups, int rcvBuf,
            boolean nonBlocking) throws NetlinkException {
        int fd = libc.socket(NetlinkConstants.AF_NETLINK, NetlinkCalls.SOCK_RAW | NetlinkCalls.SOCK_CLOEXEC,
                protocol);
        try {
            if (rcvBuf > 0) {
                libc.setsockopt(fd, NetlinkCalls.SOL_SOCKET, NetlinkCalls.SO_RCVBUF, intOpt(rcvBuf));
            }
            libc.bind(fd, sockaddrNl(0, groups));
            if (nonBlocking) {
                libc.setNonBlocking(fd);
            }
            byte[] local = libc.getsockname(fd, SOCKADDR_NL_LEN);
            int port = ByteBuffer.wrap(local).order(ByteOrder.nativeOrder()).getInt(4);
            return new NetlinkSocket(libc, fd, port);
        } catch (NetlinkException e) {
            try {
                libc.close(fd);
            } catch (NetlinkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Asks for extended ACKs (the kernel's reason text) with the echoed request capped to its header. Kernels
     * older than 4.12 lack these options; the socket then works without them.
     */
    void enableExtendedAcks() {
        try {
            libc.setsockopt(fd, NetlinkCalls.SOL_NETLINK, NetlinkCalls.NETLINK_CAP_ACK, intOpt(1));
            libc.setsockopt(fd, NetlinkCalls.SOL_NETLINK, NetlinkCalls.NETLINK_EXT_ACK, intOpt(1));
        } catch (NetlinkException e) {
            // ENOPROTOOPT on old kernels: plain errno replies still work.
        }
    }

    /** Joins one more multicast group by number (NETLINK_ADD_MEMBERSHIP), e.g. RTNLGRP_LINK = 1. */
    void joinGroup(int group) throws NetlinkException {
        libc.setsockopt(fd, NetlinkCalls.SOL_NETLINK, NetlinkCalls.NETLINK_ADD_MEMBERSHIP, intOpt(group));
    }

    static byte[] sockaddrNl(int pid, int groups) {
        return ByteBuffer.allocate(SOCKADDR_NL_LEN).order(ByteOrder.nativeOrder())
                .putShort((short) NetlinkConstants.AF_NETLINK).putShort((short) 0).putInt(pid).putInt(groups)
                .array();
    }

    private static byte[] intOpt(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    int fd() {
        return fd;
    }

    public int portId() {
        return portId;
    }

    void send(NlMessage message) throws NetlinkException {
        send(List.of(message));
    }

    /** Sends messages back to back in one datagram (an nfnetlink batch). */
    public void send(List<NlMessage> messages) throws NetlinkException {
        byte[] bytes = NetlinkCodec.encode(messages);
        libc.sendto(fd, bytes, bytes.length, sockaddrNl(0, 0));
    }

    /**
     * Reads one datagram; returns its full length (larger than {@code buf} if it was truncated), or -errno
     * (EAGAIN when non-blocking and empty, ENOBUFS after an overrun, ...).
     */
    public int receive(byte[] buf, boolean dontWait) {
        return libc.recvOrErrno(fd, buf, NetlinkCalls.MSG_TRUNC | (dontWait ? NetlinkCalls.MSG_DONTWAIT : 0));
    }

    public boolean awaitReadable(int timeoutMillis) throws NetlinkException {
        return libc.pollIn(fd, timeoutMillis);
    }

    /** libc's text for an errno the kernel replied with. */
    public String strerror(int errno) {
        return libc.strerror(errno);
    }

    public NetlinkException failure(String op, int errno) {
        return libc.failure(op, errno);
    }

    @Override
    public synchronized void close() throws NetlinkException {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
