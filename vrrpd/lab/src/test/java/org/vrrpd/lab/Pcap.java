package org.vrrpd.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the Ethernet frames of a classic pcap file (as tcpdump -w writes it) into timestamped frames, with
 * just enough decoding for the lab's measurements: the VRRP payload of IPv4/IPv6 frames and ARP senders.
 */
public final class Pcap {

    /** One captured frame. {@code micros} is the capture timestamp in microseconds since the epoch. */
    public record Frame(long micros, byte[] data) {

        public int etherType() {
            return data.length < 14 ? -1 : ((data[12] & 0xff) << 8) | (data[13] & 0xff);
        }

        public byte[] sourceMac() {
            return Arrays.copyOfRange(data, 6, 12);
        }

        /** The IP protocol / next header, or -1 for non-IP frames. */
        public int ipProtocol() {
            if (etherType() == 0x0800 && data.length >= 34) {
                return data[23] & 0xff;
            }
            if (etherType() == 0x86dd && data.length >= 54) {
                return data[20] & 0xff;
            }
            return -1;
        }

        public InetAddress ipSource() {
            try {
                if (etherType() == 0x0800) {
                    return InetAddress.getByAddress(Arrays.copyOfRange(data, 26, 30));
                }
                return InetAddress.getByAddress(Arrays.copyOfRange(data, 22, 38));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        public InetAddress ipDestination() {
            try {
                if (etherType() == 0x0800) {
                    return InetAddress.getByAddress(Arrays.copyOfRange(data, 30, 34));
                }
                return InetAddress.getByAddress(Arrays.copyOfRange(data, 38, 54));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** IPv4 TOS or IPv6 traffic class. */
        public int trafficClass() {
            return etherType() == 0x0800 ? data[15] & 0xff : ((data[14] & 0x0f) << 4) | ((data[15] & 0xf0) >> 4);
        }

        public int ttl() {
            return etherType() == 0x0800 ? data[22] & 0xff : data[21] & 0xff;
        }

        /** The IP payload (for protocol 112, the VRRP message). */
        public byte[] ipPayload() {
            if (etherType() == 0x0800) {
                int ihl = (data[14] & 0x0f) * 4;
                int total = ((data[16] & 0xff) << 8) | (data[17] & 0xff);
                return Arrays.copyOfRange(data, 14 + ihl, Math.min(data.length, 14 + total));
            }
            int len = ((data[18] & 0xff) << 8) | (data[19] & 0xff);
            return Arrays.copyOfRange(data, 54, Math.min(data.length, 54 + len));
        }

        public boolean isVrrp() {
            return ipProtocol() == 112;
        }

        /** VRRP priority (byte 2 of the message) of a VRRP frame. */
        public int vrrpPriority() {
            return ipPayload()[2] & 0xff;
        }

        public int vrrpVrid() {
            return ipPayload()[1] & 0xff;
        }

        public boolean isArp() {
            return etherType() == 0x0806;
        }

        /** The sender protocol address of an ARP frame. */
        public InetAddress arpSenderIp() {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(data, 28, 32));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** ICMPv6 type of an IPv6 frame whose next header is 58, else -1. */
        public int icmp6Type() {
            return etherType() == 0x86dd && ipProtocol() == 58 && data.length > 54 ? data[54] & 0xff : -1;
        }
    }

    private Pcap() {
    }

    public static List<Frame> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<Frame> frames = new ArrayList<>();
        if (all.length < 24) {
            return frames;
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        nanos = magic == 0xa1b23c4d;
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IOException("not an Ethernet capture (link type " + linkType + "): " + file);
        }
        int pos = 24;
        while (pos + 16 <= all.length) {
            long sec = Integer.toUnsignedLong(b.getInt(pos));
            long frac = Integer.toUnsignedLong(b.getInt(pos + 4));
            int incl = b.getInt(pos + 8);
            if (incl < 0 || pos + 16 + incl > all.length) {
                break; // a frame still being written
            }
            long micros = sec * 1_000_000 + (nanos ? frac / 1000 : frac);
            frames.add(new Frame(micros, Arrays.copyOfRange(all, pos + 16, pos + 16 + incl)));
            pos += 16 + incl;
        }
        return frames;
    }
}
