package org.vrrpd.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/**
 * Pure builders for the complete Ethernet frames a new master announces itself with (RFC 9568 §6.4.2):
 * a gratuitous ARP request per IPv4 VIP and an unsolicited Neighbor Advertisement per IPv6 VIP. The frames are
 * sent whole on an {@code AF_PACKET} socket so the Ethernet source is the given (virtual) MAC, not the
 * interface's own.
 */
public final class LinkFrames {

    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ICMPV6 = 58;
    static final int NEIGHBOR_ADVERTISEMENT = 136;
    /** ff02::1, all-nodes. */
    static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};

    private LinkFrames() {
    }

    /**
     * A gratuitous ARP request, broadcast: sender IP = target IP = {@code vip}, sender MAC = {@code mac},
     * target MAC zero (RFC 5227 §3 announcement form; errata 7947/7949 of RFC 9568). 42 bytes, unpadded.
     */
    public static byte[] gratuitousArp(Inet4Address vip, MacAddress mac) {
        return gratuitousArp(vip, mac, mac);
    }

    /**
     * A gratuitous ARP request announcing that {@code vip} is at {@code owner}, sent from {@code ethernetSource}:
     * a router stepping down announces the VIP for the new Active router, from its own MAC so that switches do
     * not move the owner's MAC to the wrong port. Receivers take the binding from the ARP sender fields.
     */
    public static byte[] gratuitousArp(Inet4Address vip, MacAddress owner, MacAddress ethernetSource) {
        byte[] m = owner.bytes();
        ByteBuffer b = ByteBuffer.allocate(42);
        b.put(MacAddress.BROADCAST.bytes()).put(ethernetSource.bytes()).putShort((short) ETHERTYPE_ARP);
        b.putShort((short) 1)            // hardware type: Ethernet
                .putShort((short) 0x0800) // protocol type: IPv4
                .put((byte) 6).put((byte) 4)
                .putShort((short) 1);    // operation: request
        b.put(m).put(vip.getAddress());
        b.put(new byte[6]).put(vip.getAddress());
        return b.array();
    }

    /**
     * An unsolicited Neighbor Advertisement to ff02::1 (RFC 4861 §7.2.6): hop limit 255, S=0, O=1, R as given,
     * target = {@code vip}, one Target Link-Layer Address option = {@code mac}, ICMPv6 checksum filled in.
     * {@code source} is the interface's link-local address. 86 bytes.
     */
    public static byte[] unsolicitedNeighborAdvert(Inet6Address source, Inet6Address vip, MacAddress mac,
                                                  boolean router) {
        byte[] m = mac.bytes();
        int icmpLength = 32;
        ByteBuffer icmp = ByteBuffer.allocate(icmpLength);
        icmp.put((byte) NEIGHBOR_ADVERTISEMENT).put((byte) 0).putShort((short) 0);
        int flags = (router ? 0x80 : 0) | 0x20; // R, S=0, O=1
        icmp.put((byte) flags).put(new byte[3]);
        icmp.put(vip.getAddress());
        icmp.put((byte) 2).put((byte) 1).put(m); // option: Target Link-Layer Address, length 1 (8 bytes)
        byte[] icmpBytes = icmp.array();
        int sum = Checksums.icmpv6(source.getAddress(), ALL_NODES, icmpBytes);
        icmpBytes[2] = (byte) (sum >>> 8);
        icmpBytes[3] = (byte) sum;

        ByteBuffer b = ByteBuffer.allocate(14 + 40 + icmpLength);
        b.put(ALL_NODES_MAC).put(m).putShort((short) ETHERTYPE_IPV6);
        b.putInt(0x60000000).putShort((short) icmpLength).put((byte) ICMPV6).put((byte) 255);
        b.put(source.getAddress()).put(ALL_NODES);
        b.put(icmpBytes);
        return b.array();
    }

    /**
     * An unsolicited Neighbor Advertisement saying {@code vip} is at {@code owner} (Override flag, target
     * link-layer address option = {@code owner}), sent from {@code ethernetSource} and the IPv6 {@code source}
     * (this router's link-local): the IPv6 counterpart of
     * {@link #gratuitousArp(Inet4Address, MacAddress, MacAddress)} for a router stepping down. Receivers take the
     * binding from the option, not from the frame's source. 86 bytes.
     */
    public static byte[] unsolicitedNeighborAdvert(Inet6Address source, Inet6Address vip, MacAddress owner,
                                                  MacAddress ethernetSource, boolean router) {
        byte[] frame = unsolicitedNeighborAdvert(source, vip, owner, router);
        System.arraycopy(ethernetSource.bytes(), 0, frame, 6, 6); // the checksum does not cover Ethernet
        return frame;
    }
}
