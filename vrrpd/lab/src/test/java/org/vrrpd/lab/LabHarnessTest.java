package org.vrrpd.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lab itself: two keepalived nodes on the bridge elect one master, the VIP lands on it only, and the
 * bridge capture sees its adverts with TTL 255. If this fails, no other lab result means anything.
 */
@Tag("lab")
class LabHarnessTest {

    @Test
    void keepalivedPair_shouldElectTheHigherPriority_andTheCaptureShouldSeeItsAdverts() throws Exception {
        assumeTrue(Lab.available(), "needs root and iproute2");
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", "192.0.2.1/24", null);
            lab.addHost("r2", "192.0.2.2/24", null);
            try (Capture cap = Capture.start(lab, "harness");
                 KeepalivedNode r1 = KeepalivedNode.start(lab, "r1",
                         KeepalivedNode.Settings.of("VI_1", 7, 3, 200, "0.1", List.of("192.0.2.100/24")));
                 KeepalivedNode r2 = KeepalivedNode.start(lab, "r2",
                         KeepalivedNode.Settings.of("VI_1", 7, 3, 100, "0.1", List.of("192.0.2.100/24")))) {
                Poll.until("VIP on r1", Duration.ofSeconds(10), () -> lab.hasAddress("r1", "eth0", "192.0.2.100"));
                Poll.until("r1 adverts captured", Duration.ofSeconds(5), () -> cap.frames().stream()
                        .filter(Pcap.Frame::isVrrp).count() >= 5);
                assertFalse(lab.hasAddress("r2", "eth0", "192.0.2.100"), "VIP on both nodes");
                List<Pcap.Frame> vrrp = cap.frames().stream().filter(Pcap.Frame::isVrrp).toList();
                Pcap.Frame last = vrrp.get(vrrp.size() - 1);
                assertEquals(InetAddress.getByName("192.0.2.1"), last.ipSource());
                assertEquals(InetAddress.getByName("224.0.0.18"), last.ipDestination());
                assertEquals(255, last.ttl());
                assertEquals(200, last.vrrpPriority());
                assertEquals(7, last.vrrpVrid());
                assertTrue(r1.process().isAlive() && r2.process().isAlive());
            }
        }
    }
}
