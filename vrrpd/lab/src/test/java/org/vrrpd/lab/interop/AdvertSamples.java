package org.vrrpd.lab.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vrrpd.lab.fixture.Pcap;

/**
 * The advert flavours one vrrpd (host r1, 192.0.2.1, 2001:db8::1, fe80::ff:fe00:1) sends at once for the
 * decoding tests, and a writer for the small pcap file committed under {@code captures/}.
 */
final class AdvertSamples {

    /** One instance: what it is configured with, and what tcpdump -vv must print for its adverts. */
    record Sample(String name, int vrid, int version, int priority, String interval, List<String> vips,
                  String extraYaml, String destination, String expectedTcpdump, boolean tcpdumpFlagsChecksum) {

        String yaml() {
            return "  - name: " + name + "\n    interface: eth0\n    vrid: " + vrid + "\n    version: " + version
                    + "\n    priority: " + priority + "\n    advert_interval: " + interval + "\n    vips: ["
                    + String.join(", ", vips) + "]\n    garp_master_delay: 0s\n    garp_master_repeat: 1\n"
                    + (extraYaml == null ? "" : extraYaml);
        }
    }

    /**
     * v3/IPv4 in both checksum forms, v3/IPv6, v2/IPv4 and v3/IPv4 unicast. tcpdump 4.99.3 (print-vrrp.c)
     * verifies v2 over the message only and v3 with the IPv4 or IPv6 pseudo-header, so it flags exactly the
     * RFC 9568 message-only v3/IPv4 form as "bad vrrp cksum".
     */
    static final List<Sample> ALL = List.of(
            new Sample("v3pseudo", 42, 3, 200, "100ms", List.of("192.0.2.100/24"), null, "224.0.0.18",
                    "192.0.2.1 > 224.0.0.18: VRRPv3, Advertisement, vrid 42, prio 200, intvl 10cs, length 12, addrs:"
                            + " 192.0.2.100", false),
            new Sample("v3rfc9568", 43, 3, 150, "200ms", List.of("192.0.2.101/24", "192.0.2.102/24"),
                    "    checksum: rfc9568\n", "224.0.0.18",
                    "192.0.2.1 > 224.0.0.18: VRRPv3, Advertisement, vrid 43, prio 150, intvl 20cs, length 16,",
                    true),
            new Sample("v3ipv6", 44, 3, 120, "250ms", List.of("fe80::2c/64", "2001:db8::102/64"), null, "ff02::12",
                    "fe80::ff:fe00:1 > ff02::12: VRRPv3, Advertisement, vrid 44, prio 120, intvl 25cs, length 40,"
                            + " addrs(2): fe80::2c,2001:db8::102", false),
            new Sample("v2", 45, 2, 100, "1s", List.of("192.0.2.103/24"), null, "224.0.0.18",
                    "192.0.2.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 45, prio 100, authtype none, intvl 1s,"
                            + " length 20, addrs: 192.0.2.103", false),
            new Sample("v3unicast", 46, 3, 110, "500ms", List.of("192.0.2.104/24"),
                    "    unicast_source: 192.0.2.1\n    unicast_peers: [192.0.2.2]\n", "192.0.2.2",
                    "192.0.2.1 > 192.0.2.2: VRRPv3, Advertisement, vrid 46, prio 110, intvl 50cs, length 12, addrs:"
                            + " 192.0.2.104", false));

    static String instancesYaml() {
        StringBuilder b = new StringBuilder();
        ALL.forEach(s -> b.append(s.yaml()));
        return b.toString();
    }

    static Sample byVrid(int vrid) {
        return ALL.stream().filter(s -> s.vrid() == vrid).findFirst().orElseThrow();
    }

    private AdvertSamples() {
    }

    /** Writes frames as a classic little-endian, microsecond pcap file of Ethernet frames. */
    static void writePcap(Path file, List<Pcap.Frame> frames) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
            out.write(h.array());
            for (Pcap.Frame f : frames) {
                ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                r.putInt((int) (f.micros() / 1_000_000)).putInt((int) (f.micros() % 1_000_000))
                        .putInt(f.data().length).putInt(f.data().length);
                out.write(r.array());
                out.write(f.data());
            }
        }
    }
}
