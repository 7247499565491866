package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;

/** Fake-specific behaviour of {@link InMemoryLan} beyond the shared transport contract. */
@SuppressWarnings("try") // some endpoints are opened only to listen
class InMemoryLanTest extends VrrpTransportContractFixtures {

    @Test
    void hostsOnDifferentSegments_shouldNotSeeEachOther() throws Exception {
        InMemoryLan lan = new InMemoryLan();
        InMemoryLan.Host a = lan.host("a").attach(IF, "left", MAC_A, A4);
        InMemoryLan.Host b = lan.host("b").attach(IF, "right", MAC_B, B4);
        Inbox inboxB = new Inbox();
        try (VrrpEndpoint epA = a.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), new Inbox());
             VrrpEndpoint epB = b.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxB)) {
            epA.send(payload("x"), AddressFamily.IPV4.group(), A4);
            assertNull(inboxB.poll(Duration.ZERO));
        }
    }

    @Test
    void deliveries_shouldRunOnTheReceivingHostsExecutor() throws Exception {
        InMemoryLan lan = new InMemoryLan();
        Queue<Runnable> pending = new ArrayDeque<>();
        InMemoryLan.Host a = lan.host("a").attach(IF, "lan", MAC_A, A4);
        InMemoryLan.Host b = lan.host("b", pending::add).attach(IF, "lan", MAC_B, B4);
        Inbox inboxB = new Inbox();
        try (VrrpEndpoint epA = a.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), new Inbox());
             VrrpEndpoint epB = b.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxB)) {
            epA.send(payload("queued"), AddressFamily.IPV4.group(), A4);
            assertTrue(inboxB.isEmpty(), "nothing delivered before the executor runs");
            assertEquals(1, pending.size());
            pending.remove().run();
            assertNotNull(inboxB.poll(Duration.ZERO));
        }
    }

    @Test
    void send_shouldFail_whenTheSourceIsNotAssignedToTheInterface() throws Exception {
        InMemoryLan lan = new InMemoryLan();
        InMemoryLan.Host a = lan.host("a").attach(IF, "lan", MAC_A, A4);
        try (VrrpEndpoint epA = a.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), new Inbox())) {
            NativeException e = assertThrows(NativeException.class,
                    () -> epA.send(payload("x"), AddressFamily.IPV4.group(), B4));
            assertTrue(e.getMessage().contains("Invalid argument"), e.getMessage());
        }
    }

    @Test
    void frames_shouldRecordTheSendingHostAndInterface() throws Exception {
        InMemoryLan lan = new InMemoryLan();
        InMemoryLan.Host a = lan.host("a").attach("eth0", "lan", MAC_A, A4).attach(IF, "lan", MAC_A, A6);
        a.sendGratuitousArp(a.interfaceIndex(IF), v4("192.0.2.100"), MAC_A);
        List<InMemoryLan.SentFrame> frames = lan.frames();
        assertEquals(1, frames.size());
        assertEquals("a", frames.get(0).host());
        assertEquals(IF, frames.get(0).interfaceName());
        assertEquals(3, frames.get(0).ifIndex(), "ifindexes count from 2 in attach order");
    }

    @Test
    void unicastPacket_shouldReachOnlyTheHostOwningTheDestination() throws Exception {
        InMemoryLan lan = new InMemoryLan();
        InMemoryLan.Host a = lan.host("a").attach(IF, "lan", MAC_A, A4);
        InMemoryLan.Host b = lan.host("b").attach(IF, "lan", MAC_B, B4);
        InMemoryLan.Host c = lan.host("c").attach(IF, "lan", MAC_B, NOBODY4);
        Inbox inboxB = new Inbox();
        Inbox inboxC = new Inbox();
        try (VrrpEndpoint epA = a.open(EndpointSpec.unicast(IF, AddressFamily.IPV4, List.of(B4)), new Inbox());
             VrrpEndpoint epB = b.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxB);
             VrrpEndpoint epC = c.open(EndpointSpec.multicast(IF, AddressFamily.IPV4), inboxC)) {
            epA.send(payload("x"), B4, A4);
            assertNotNull(inboxB.poll(Duration.ZERO));
            assertNull(inboxC.poll(Duration.ZERO));
        }
    }
}
