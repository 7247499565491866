package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.DecodedAdvertisement;
import org.vrrpd.wire.VrrpAdvertisement;

/**
 * The committed capture {@code captures/vrrpd-adverts.pcap}: real adverts of one vrrpd (r1, MAC
 * 02:00:00:00:00:01) in every flavour of {@link AdvertSamples}, two each. They decode with vrrpd's codec to the
 * configured fields and checksum form, with TTL / hop limit 255 and the right destinations. Needs no root; the
 * tcpdump view of the same file is in {@link TcpdumpDecodesAdvertsLabTest}.
 */
class RecordedVrrpdCaptureTest {

    static Path resource() {
        try {
            return Path.of(RecordedVrrpdCaptureTest.class.getResource("/captures/vrrpd-adverts.pcap").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void committedAdverts_shouldDecodeToTheConfiguredFields_twoOfEachFlavour() throws Exception {
        List<Pcap.Frame> frames = Pcap.read(resource());
        Map<Integer, Integer> perVrid = new TreeMap<>();
        for (Pcap.Frame f : frames) {
            AdvertSamples.Sample s = AdvertSamples.byVrid(f.vrrpVrid());
            perVrid.merge(s.vrid(), 1, Integer::sum);
            DecodedAdvertisement d = Interop.decode(f);
            VrrpAdvertisement ad = d.advertisement();
            assertEquals(s.version(), ad.version(), s.name());
            assertEquals(s.priority(), ad.priority(), s.name());
            assertEquals(centis(s.interval()), ad.maxAdverIntervalCentis(), s.name());
            assertEquals(s.vips().stream().map(RecordedVrrpdCaptureTest::address).toList(), ad.addresses(), s.name());
            ChecksumMode expected = s.extraYaml() != null && s.extraYaml().contains("rfc9568")
                    ? ChecksumMode.MESSAGE_ONLY : s.version() == 2 ? ChecksumMode.MESSAGE_ONLY : ChecksumMode.PSEUDO_HEADER;
            assertEquals(expected, d.checksumMode(), s.name());
            assertEquals(255, f.ttl(), s.name());
            assertEquals(address(s.destination()), f.ipDestination(), s.name());
            assertEquals(address(s.vips().get(0).contains(":") ? "fe80::ff:fe00:1" : "192.0.2.1"), f.ipSource());
            assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 1}, f.sourceMac(), s.name());
        }
        Map<Integer, Integer> two = new TreeMap<>();
        AdvertSamples.ALL.forEach(s -> two.put(s.vrid(), 2));
        assertEquals(two, perVrid);
    }

    static int centis(String interval) {
        return interval.endsWith("ms") ? Integer.parseInt(interval.replace("ms", "")) / 10
                : Integer.parseInt(interval.replace("s", "")) * 100;
    }

    static InetAddress address(String cidr) {
        return Interop.address(cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr);
    }
}
