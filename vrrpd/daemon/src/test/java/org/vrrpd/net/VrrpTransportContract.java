package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.AhDatagram;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.IpsecAh;

/**
 * The behaviour every {@link VrrpTransport} must show, run against {@link InMemoryLan} (unit test) and against
 * Linux raw sockets in two network namespaces (lab test). Host A is 192.0.2.1 / fe80::1 with MAC
 * 02:00:00:00:00:0a, host B is 192.0.2.2 / fe80::2, both on interface {@link #IF} of one link.
 */
@SuppressWarnings("try") // some endpoints are opened only to listen
abstract class VrrpTransportContract extends VrrpTransportContractFixtures {

    protected abstract VrrpTransport a();

    protected abstract VrrpTransport b();

    /** The first link-layer frame seen on B's side of the link that starts with {@code prefix}, or null. */
    protected abstract byte[] awaitFrameOnB(byte[] prefix, Duration timeout) throws Exception;

    @Test
    void multicastV4_shouldReachTheOtherHost_withTtl255AndItsArrivalIfIndex() throws Exception {
        Inbox inboxB = new Inbox();
        try (VrrpEndpoint epA = a().open(EndpointSpec.multicast(IF, AddressFamily.IPV4), new Inbox());
             VrrpEndpoint epB = b().open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxB)) {
            byte[] payload = payload("mcast4");
            epA.send(payload, AddressFamily.IPV4.group(), A4);
            Inbox.Packet p = inboxB.poll(ARRIVAL);
            assertNotNull(p, "B received nothing");
            assertArrayEquals(payload, p.payload(), "payload without the IP header");
            assertEquals(A4, p.envelope().source());
            assertEquals(AddressFamily.IPV4.group(), p.envelope().destination());
            assertEquals(255, p.envelope().ttl());
            assertEquals(b().interfaceIndex(IF), p.envelope().ifIndex());
            assertEquals(epB.ifIndex(), p.envelope().ifIndex());
        }
    }

    @Test
    void multicastV6_shouldReachTheOtherHost_fromTheLinkLocalSource_withHopLimit255() throws Exception {
        Inbox inboxB = new Inbox();
        try (VrrpEndpoint epA = a().open(EndpointSpec.multicast(IF, AddressFamily.IPV6), new Inbox());
             VrrpEndpoint epB = b().open(EndpointSpec.multicast(IF, AddressFamily.IPV6), inboxB)) {
            byte[] payload = payload("mcast6");
            epA.send(payload, AddressFamily.IPV6.group(), A6);
            Inbox.Packet p = inboxB.poll(ARRIVAL);
            assertNotNull(p, "B received nothing");
            assertArrayEquals(payload, p.payload());
            assertEquals(A6, withoutScope(p.envelope().source()));
            assertEquals(AddressFamily.IPV6.group(), p.envelope().destination());
            assertEquals(255, p.envelope().ttl());
            assertEquals(epB.ifIndex(), p.envelope().ifIndex());
        }
    }

    @Test
    void sender_shouldNotReceiveItsOwnMulticast() throws Exception {
        Inbox inboxA = new Inbox();
        Inbox inboxB = new Inbox();
        try (VrrpEndpoint epA = a().open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxA);
             VrrpEndpoint epB = b().open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxB)) {
            epA.send(payload("own"), AddressFamily.IPV4.group(), A4);
            assertNotNull(inboxB.poll(ARRIVAL), "B received A's packet");
            // A looped-back copy would be queued at A before B's reply arrives.
            epB.send(payload("reply"), AddressFamily.IPV4.group(), B4);
            Inbox.Packet first = inboxA.poll(ARRIVAL);
            assertNotNull(first, "A received B's reply");
            assertEquals(B4, first.envelope().source(), "A's first packet is B's reply, not its own");
        }
    }

    /** keepalived's AH form: protocol 51, whole datagrams both ways (IP_HDRINCL on send, header kept on receive). */
    @Test
    void ipsecAh_shouldCarryTheWholeDatagram_asBuiltBySeal() throws Exception {
        Inbox inboxB = new Inbox();
        EndpointSpec ah = EndpointSpec.multicast(IF, AddressFamily.IPV4).withIpsecAh();
        try (VrrpEndpoint epA = a().open(ah, new Inbox()); VrrpEndpoint epB = b().open(ah, inboxB)) {
            IpEnvelope envelope = new IpEnvelope(A4, AddressFamily.IPV4.group(), 255, 0);
            byte[] datagram = IpsecAh.seal(envelope, 7, 3, payload("ah4"), IpsecAh.key("s3cret"), false);
            epA.send(datagram, AddressFamily.IPV4.group(), A4);
            Inbox.Packet p = inboxB.poll(ARRIVAL);
            assertNotNull(p, "B received nothing");
            assertArrayEquals(datagram, p.payload(), "the datagram as sealed, IP header included");
            assertEquals(A4, p.envelope().source());
            assertEquals(255, p.envelope().ttl());
            AhDatagram opened = IpsecAh.open(p.payload(), p.envelope().ifIndex(), IpsecAh.key("s3cret"), false)
                    .authenticated().orElseThrow();
            assertEquals(3, opened.sequence());
        }
    }

    /** An AH endpoint and a protocol-112 endpoint never hear each other, as keepalived's two socket kinds. */
    @Test
    void ipsecAhAndVrrpEndpoints_shouldNotHearEachOther() throws Exception {
        Inbox ahOnB = new Inbox();
        Inbox vrrpOnB = new Inbox();
        EndpointSpec plain = EndpointSpec.multicast(IF, AddressFamily.IPV4);
        try (VrrpEndpoint epA = a().open(plain, new Inbox()); VrrpEndpoint ahB = b().open(plain.withIpsecAh(), ahOnB);
             VrrpEndpoint vrrpB = b().open(plain, vrrpOnB)) {
            epA.send(payload("plain"), AddressFamily.IPV4.group(), A4);
            assertNotNull(vrrpOnB.poll(ARRIVAL), "the protocol-112 endpoint received nothing");
            assertNull(ahOnB.poll(QUIET), "a protocol-112 advert reached the AH endpoint");
        }
    }

    @Test
    void unicastEndpoint_shouldRefuseToSend_toAnAddressThatIsNotAPeer() throws Exception {
        try (VrrpEndpoint epA = a().open(EndpointSpec.unicast(IF, AddressFamily.IPV4, List.of(B4)), new Inbox())) {
            assertThrows(IllegalArgumentException.class, () -> epA.send(payload("x"), NOBODY4, A4));
            assertThrows(IllegalArgumentException.class, () -> epA.send(payload("x"), AddressFamily.IPV4.group(), A4));
        }
    }

    @Test
    void unicastEndpoint_shouldDeliverOnlyPacketsFromConfiguredPeers() throws Exception {
        Inbox fromA = new Inbox();
        Inbox fromNobody = new Inbox();
        try (VrrpEndpoint epA = a().open(EndpointSpec.unicast(IF, AddressFamily.IPV4, List.of(B4)), new Inbox());
             VrrpEndpoint allowed = b().open(EndpointSpec.unicast(IF, AddressFamily.IPV4, List.of(A4)), fromA);
             VrrpEndpoint filtered = b().open(EndpointSpec.unicast(IF, AddressFamily.IPV4, List.of(NOBODY4)),
                     fromNobody)) {
            byte[] payload = payload("unicast4");
            epA.send(payload, B4, A4);
            Inbox.Packet p = fromA.poll(ARRIVAL);
            assertNotNull(p, "the peer's packet arrived");
            assertArrayEquals(payload, p.payload());
            assertEquals(B4, p.envelope().destination());
            assertEquals(255, p.envelope().ttl(), "unicast is sent with TTL 255 too");
            assertNull(fromNobody.poll(QUIET), "a packet from a non-peer is dropped");
            assertEquals(1, filtered.refusedPackets(), "and counted as refused");
            assertEquals(0, allowed.refusedPackets());
        }
    }

    @Test
    void unicastV6_shouldReachALinkLocalPeer_withHopLimit255() throws Exception {
        Inbox inboxB = new Inbox();
        try (VrrpEndpoint epA = a().open(EndpointSpec.unicast(IF, AddressFamily.IPV6, List.of(B6)), new Inbox());
             VrrpEndpoint epB = b().open(EndpointSpec.unicast(IF, AddressFamily.IPV6, List.of(A6)), inboxB)) {
            epA.send(payload("unicast6"), B6, A6);
            Inbox.Packet p = inboxB.poll(ARRIVAL);
            assertNotNull(p, "B received nothing");
            assertEquals(B6, withoutScope(p.envelope().destination()));
            assertEquals(255, p.envelope().ttl());
        }
    }

    @Test
    void gratuitousArp_shouldBeSeenOnTheLink_asBuiltByLinkFrames() throws Exception {
        Inet4Address vip = v4("192.0.2.100");
        MacAddress vmac = MacAddress.virtualRouter(7, AddressFamily.IPV4);
        a().sendGratuitousArp(a().interfaceIndex(IF), vip, vmac);
        byte[] expected = LinkFrames.gratuitousArp(vip, vmac);
        byte[] seen = awaitFrameOnB(Arrays.copyOf(expected, 14), ARRIVAL);
        assertNotNull(seen, "no ARP frame from the VMAC on the link");
        assertArrayEquals(expected, Arrays.copyOf(seen, expected.length));
    }

    @Test
    void unsolicitedNa_shouldBeSeenOnTheLink_asBuiltByLinkFrames() throws Exception {
        Inet6Address vip = v6("2001:db8::100");
        MacAddress vmac = MacAddress.virtualRouter(7, AddressFamily.IPV6);
        a().sendUnsolicitedNa(a().interfaceIndex(IF), A6, vip, vmac, true);
        byte[] expected = LinkFrames.unsolicitedNeighborAdvert(A6, vip, vmac, true);
        byte[] seen = awaitFrameOnB(Arrays.copyOf(expected, 14), ARRIVAL);
        assertNotNull(seen, "no IPv6 frame from the VMAC on the link");
        assertArrayEquals(expected, Arrays.copyOf(seen, expected.length));
    }

    @Test
    void hardwareAddress_shouldBeTheInterfaceMac() throws Exception {
        assertEquals(MAC_A, a().hardwareAddress(IF));
    }

    @Test
    void close_shouldBeIdempotent_andStopSendingAndDelivery() throws Exception {
        Inbox inboxB = new Inbox();
        VrrpEndpoint epA = a().open(EndpointSpec.multicast(IF, AddressFamily.IPV4), new Inbox());
        VrrpEndpoint epB = b().open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxB);
        epB.close();
        assertDoesNotThrow(epB::close);
        assertThrows(IOException.class, () -> epB.send(payload("late"), AddressFamily.IPV4.group(), B4));
        epA.send(payload("to-closed"), AddressFamily.IPV4.group(), A4);
        assertNull(inboxB.poll(QUIET), "a closed endpoint delivers nothing");
        epA.close();
    }

    @Test
    void openingOnAMissingInterface_shouldCarryTheStrerrorText() {
        NativeException e = assertThrows(NativeException.class,
                () -> a().open(EndpointSpec.multicast("nosuch0", AddressFamily.IPV4), new Inbox()));
        assertTrue(e.getMessage().contains("No such device"), e.getMessage());
        assertTrue(e.getMessage().contains("nosuch0"), e.getMessage());
    }
}
