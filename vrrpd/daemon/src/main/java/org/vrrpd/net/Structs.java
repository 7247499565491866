package org.vrrpd.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jnr.ffi.Pointer;

/**
 * Byte layouts of the C structures vrrpd passes to the kernel, for LP64 Linux (x86_64, arm64). Family fields and
 * plain ints are in host order, ports and addresses in network order. Pure Java, unit-tested.
 */
final class Structs {

    static final int IFREQ_SIZE = 40;
    static final int IFREQ_HWADDR_DATA_OFFSET = 18;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;
    static final int SOCKADDR_LL_SIZE = 20;
    static final int MSGHDR_SIZE = 56;
    static final int IOVEC_SIZE = 16;
    static final int CMSGHDR_SIZE = 16;

    private Structs() {
    }

    static ByteBuffer host(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    static byte[] nativeInt(int value) {
        return host(4).putInt(value).array();
    }

    /** {@code char ifr_name[IFNAMSIZ]}, NUL-padded; rejects names that do not fit. */
    static byte[] ifName(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length > 15) {
            throw new IllegalArgumentException("interface name must be 1-15 characters: " + name);
        }
        byte[] out = new byte[16];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    /** {@code struct sockaddr_in} with port 0 (raw sockets ignore it). */
    static byte[] sockaddrIn(Inet4Address address) {
        return sockaddrIn(address, 0);
    }

    static byte[] sockaddrIn(Inet4Address address, int port) {
        ByteBuffer b = host(SOCKADDR_IN_SIZE);
        b.putShort((short) NativeCalls.AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).order(ByteOrder.nativeOrder());
        b.put(address.getAddress());
        return b.array();
    }

    /** {@code struct sockaddr_in6} with port 0 and the given scope (interface index for link-scope). */
    static byte[] sockaddrIn6(Inet6Address address, int scopeId) {
        ByteBuffer b = host(SOCKADDR_IN6_SIZE);
        b.putShort((short) NativeCalls.AF_INET6).putShort((short) 0).putInt(0).put(address.getAddress()).putInt(scopeId);
        return b.array();
    }

    static byte[] sockaddr(InetAddress address, int ifIndex) {
        return address instanceof Inet4Address v4 ? sockaddrIn(v4) : sockaddrIn6((Inet6Address) address, ifIndex);
    }

    /** {@code struct sockaddr_ll} for sending on a packet socket (protocol in network order). */
    static byte[] sockaddrLl(int protocol, int ifIndex, byte[] destinationMac) {
        ByteBuffer b = host(SOCKADDR_LL_SIZE);
        b.putShort((short) NativeCalls.AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) protocol).order(ByteOrder.nativeOrder());
        b.putInt(ifIndex).putShort((short) 0).put((byte) 0).put((byte) destinationMac.length).put(destinationMac);
        return b.array();
    }

    /** {@code struct ip_mreqn}: group, local address 0, interface index. */
    static byte[] ipMreqn(Inet4Address group, int ifIndex) {
        return host(12).put(group.getAddress()).putInt(0).putInt(ifIndex).array();
    }

    /** {@code struct ipv6_mreq}: group, interface index. */
    static byte[] ipv6Mreq(Inet6Address group, int ifIndex) {
        return host(20).put(group.getAddress()).putInt(ifIndex).array();
    }

    /** {@code struct in_pktinfo}: ifindex, spec_dst (the source to use), addr (unused on send). */
    static byte[] inPktinfo(int ifIndex, Inet4Address source) {
        return host(12).putInt(ifIndex).put(source.getAddress()).putInt(0).array();
    }

    /** {@code struct in6_pktinfo}: source address, ifindex. */
    static byte[] in6Pktinfo(Inet6Address source, int ifIndex) {
        return host(20).put(source.getAddress()).putInt(ifIndex).array();
    }

    static int cmsgAlign(int n) {
        return (n + 7) & ~7;
    }

    static int cmsgSpace(int dataLength) {
        return CMSGHDR_SIZE + cmsgAlign(dataLength);
    }

    /** One control message (header + data, padded to CMSG_SPACE). */
    static byte[] cmsg(int level, int type, byte[] data) {
        ByteBuffer b = host(cmsgSpace(data.length));
        b.putLong(CMSGHDR_SIZE + data.length).putInt(level).putInt(type).put(data);
        return b.array();
    }

    /** Writes {@code struct msghdr} at {@code msg} pointing at the given buffers (control may be null). */
    static void msghdr(Pointer msg, Pointer name, int nameLength, Pointer iov, Pointer control, int controlLength) {
        msg.putAddress(0, name == null ? 0 : name.address());
        msg.putInt(8, nameLength);
        msg.putAddress(16, iov.address());
        msg.putLong(24, 1);
        msg.putAddress(32, control == null ? 0 : control.address());
        msg.putLong(40, controlLength);
        msg.putInt(48, 0);
    }

    static void iovec(Pointer iov, Pointer base, long length) {
        iov.putAddress(0, base.address());
        iov.putLong(8, length);
    }

    /** The address in a received {@code sockaddr_in}/{@code sockaddr_in6}. */
    static InetAddress addressOf(byte[] sockaddr) {
        ByteBuffer b = ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder());
        int family = b.getShort(0);
        try {
            if (family == NativeCalls.AF_INET) {
                return InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 4, 8));
            }
            if (family == NativeCalls.AF_INET6) {
                return InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 8, 24));
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return null;
    }
}
