package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.wire.AhDatagram;
import org.vrrpd.wire.IpsecAh;
import org.vrrpd.wire.VrrpAuthentication;

/** One instance's AH state: rounds, IP IDs and sequence numbers as keepalived numbers them. */
class AhSessionTest {

    private static InstanceConfig config(VrrpAuthentication auth, List<InetAddress> peers) throws Exception {
        InstanceConfig c = DriverRig.config(100, true);
        return new InstanceConfig(c.name(), c.interfaceName(), c.vrid(), 2, c.family(), 100, Duration.ofSeconds(1),
                c.virtualAddresses(), c.excludedAddresses(), true, Duration.ZERO, false, c.checksumMode(),
                c.unicastSource(), peers, c.garp(), true, c.trackInterfaces(), c.notifyScripts(), c.checks(), true)
                .withAuthentication(auth);
    }

    @Test
    void of_shouldBeEmpty_withoutAh() throws Exception {
        assertTrue(AhSession.of(config(VrrpAuthentication.simplePassword("s3cret"), List.of())).isEmpty());
    }

    // keepalived numbers an advert round once and sends the same ID and sequence to every unicast peer
    @Test
    void everyPeerOfOneRound_shouldGetTheSameSequence_andTheNextRoundTheNext() throws Exception {
        InetAddress src = InetAddress.getByName("192.0.2.1");
        InetAddress p2 = InetAddress.getByName("192.0.2.2");
        InetAddress p3 = InetAddress.getByName("192.0.2.3");
        AhSession s = AhSession.of(config(VrrpAuthentication.ipAuthHeader("s3cret"), List.of(p2, p3))).orElseThrow();
        byte[] message = new byte[20];
        s.nextAdvert();
        AhDatagram toP2 = open(s.seal(message, src, p2));
        AhDatagram toP3 = open(s.seal(message, src, p3));
        s.nextAdvert();
        AhDatagram next = open(s.seal(message, src, p2));
        assertEquals(List.of(1L, 1L, 2L), List.of(toP2.sequence(), toP3.sequence(), next.sequence()));
        assertArrayEquals(message, toP3.payload());
        assertEquals(2, s.sequence());
    }

    private static AhDatagram open(byte[] datagram) {
        return IpsecAh.open(datagram, 0, IpsecAh.key("s3cret"), true).authenticated().orElseThrow();
    }
}
