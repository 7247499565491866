package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Capture;
import org.vrrpd.lab.fixture.Cmd;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * tcpdump (Debian 12: 4.99.3) decodes vrrpd's adverts as valid VRRP: for every flavour it prints the
 * advertisement with the configured VRID, priority, interval and addresses, the IP TTL / hop limit is 255, and
 * "bad vrrp cksum" appears exactly for the RFC 9568 message-only v3/IPv4 form, which tcpdump does not know
 * (it checks v3/IPv4 with the pseudo-header only). Runs on a live capture and on the committed one.
 *
 * <p>To refresh the committed capture: run {@link #liveAdverts_shouldDecodeInTcpdump_withTheConfiguredFields}
 * with {@code -Dinterop.writeCapture=/abs/path/vrrpd-adverts.pcap} (two adverts of each flavour are kept).
 */
@Tag("lab")
class TcpdumpDecodesAdvertsLabTest {

    @BeforeAll
    static void needsLab() {
        assumeTrue(Interop.labWithTcpdump(), "needs root, iproute2 and tcpdump");
    }

    @Test
    void liveAdverts_shouldDecodeInTcpdump_withTheConfiguredFields() throws Exception {
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", "192.0.2.1/24", "2001:db8::1/64");
            lab.addHost("r2", "192.0.2.2/24", "2001:db8::2/64");
            try (Capture capture = Capture.start(lab, "adverts");
                 VrrpdNode r1 = VrrpdNode.start(lab, "r1", AdvertSamples.instancesYaml())) {
                for (AdvertSamples.Sample s : AdvertSamples.ALL) {
                    Poll.until(s.name() + " MASTER", Duration.ofSeconds(20), () -> "MASTER".equals(r1.state(s.name())));
                }
                // at least three adverts of every flavour (the v2 one sends one a second)
                Poll.until("three adverts of each flavour", Duration.ofSeconds(20), () -> {
                    List<Pcap.Frame> now = capture.frames();
                    return AdvertSamples.ALL.stream().allMatch(s -> count(now, s.vrid()) >= 3);
                });
                // one snapshot of the growing capture for both readers, so both see the same adverts
                Path snapshot = Files.copy(capture.file(), capture.file().resolveSibling("adverts-snapshot.pcap"),
                        StandardCopyOption.REPLACE_EXISTING);
                List<Pcap.Frame> frames = Pcap.read(snapshot);
                String out = tcpdump(snapshot);
                assertDecodes(out);
                assertEquals(frames.stream().filter(Pcap.Frame::isVrrp).count(), vrrpLines(out).size(),
                        "one VRRP line per captured advert");
                String target = System.getProperty("interop.writeCapture");
                if (target != null) {
                    List<Pcap.Frame> keep = new ArrayList<>();
                    for (AdvertSamples.Sample s : AdvertSamples.ALL) {
                        frames.stream().filter(f -> f.isVrrp() && f.vrrpVrid() == s.vrid()).limit(2).forEach(keep::add);
                    }
                    keep.sort((a, b) -> Long.compare(a.micros(), b.micros()));
                    AdvertSamples.writePcap(Path.of(target), keep);
                    System.out.println("wrote " + keep.size() + " adverts to " + target);
                }
            }
        }
    }

    @Test
    void committedCapture_shouldDecodeInTcpdump_withTheConfiguredFields() throws Exception {
        String out = tcpdump(RecordedVrrpdCaptureTest.resource());
        assertDecodes(out);
        assertEquals(2 * AdvertSamples.ALL.size(), vrrpLines(out).size(), out);
    }

    /** Every flavour printed with its fields; "bad vrrp cksum" only on the message-only v3/IPv4 one; TTL 255. */
    static void assertDecodes(String out) {
        List<String> lines = vrrpLines(out);
        for (AdvertSamples.Sample s : AdvertSamples.ALL) {
            List<String> mine = lines.stream().filter(l -> l.contains(", vrid " + s.vrid() + ",")).toList();
            assertFalse(mine.isEmpty(), "tcpdump printed no advert of " + s.name() + ":\n" + out);
            for (String l : mine) {
                assertTrue(l.contains(s.expectedTcpdump()), "expected '" + s.expectedTcpdump() + "' in\n" + l);
                assertEquals(s.tcpdumpFlagsChecksum(), l.contains("bad vrrp cksum"), s.name() + ": " + l);
                assertFalse(l.contains("(ttl "), "tcpdump flags a TTL other than 255: " + l);
                assertTrue(l.contains(s.destination().contains(":") ? "hlim 255" : "ttl 255,"), l);
            }
            if (s.tcpdumpFlagsChecksum()) {
                assertTrue(mine.get(0).endsWith("addrs(2): 192.0.2.101,192.0.2.102"), mine.get(0));
            }
        }
        System.out.println("tcpdump -vv, one line per flavour:");
        AdvertSamples.ALL.forEach(s -> lines.stream().filter(l -> l.contains(", vrid " + s.vrid() + ","))
                .findFirst().ifPresent(l -> System.out.println("  " + l)));
    }

    /** tcpdump -r FILE -vv -n, with each packet's continuation lines joined to its first line. */
    static String tcpdump(Path file) throws IOException {
        String raw = Cmd.run(Duration.ofSeconds(20), "tcpdump", "-r", file.toString(), "-vv", "-n");
        return raw.replaceAll("\n\\s+", " ");
    }

    static List<String> vrrpLines(String out) {
        return out.lines().filter(l -> l.contains("VRRPv")).toList();
    }

    private static long count(List<Pcap.Frame> frames, int vrid) {
        return frames.stream().filter(f -> f.isVrrp() && f.vrrpVrid() == vrid).count();
    }
}
