package org.vrrpd.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal reader for classic libpcap files (microsecond or nanosecond magic, either byte order) with
 * Ethernet link type, as tcpdump writes them; returns the layer-3 bytes (IPv4 or IPv6 packet) of each frame.
 */
final class PcapReader {

    /** One frame's network-layer packet and its EtherType (0x0800 or 0x86DD). */
    record Frame(int etherType, byte[] packet) {
    }

    private static final int LINKTYPE_ETHERNET = 1;

    private PcapReader() {
    }

    static List<Frame> read(InputStream in) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(in.readAllBytes());
        int magic = buf.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            buf.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            buf.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new IOException("not a classic pcap file, magic " + Integer.toHexString(magic));
        }
        int linkType = buf.getInt(20);
        if (linkType != LINKTYPE_ETHERNET) {
            throw new IOException("link type " + linkType + " is not Ethernet");
        }
        List<Frame> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= buf.limit()) {
            int capturedLength = buf.getInt(pos + 8);
            int start = pos + 16;
            if (capturedLength < 14 || start + capturedLength > buf.limit()) {
                throw new IOException("truncated record at offset " + pos);
            }
            byte[] frame = Arrays.copyOfRange(buf.array(), start, start + capturedLength);
            int etherType = ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
            frames.add(new Frame(etherType, Arrays.copyOfRange(frame, 14, frame.length)));
            pos = start + capturedLength;
        }
        return frames;
    }
}
