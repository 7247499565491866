package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.net.MacAddress;

class StepDownAnnouncerTest {

    static final MacAddress R1 = MacAddress.parse("02:00:00:00:00:01");
    static final long SECOND = 1_000_000_000L;

    /** A neighbour table that resolves on request only when told to. */
    static final class FakeNeighbours implements NeighbourTable {
        final Map<InetAddress, MacAddress> entries = new HashMap<>();
        final List<InetAddress> resolveRequests = new ArrayList<>();
        int lookups;

        @Override
        public Optional<MacAddress> lookup(String interfaceName, InetAddress address) {
            lookups++;
            return Optional.ofNullable(entries.get(address));
        }

        @Override
        public void resolve(InetAddress address) {
            resolveRequests.add(address);
        }
    }

    record Sent(Inet4Address vip, MacAddress owner) {
    }

    static Inet4Address v4(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    @Test
    void steppedDown_shouldAnnounceEveryIpv4VipAtTheNewMastersMac() throws Exception {
        FakeNeighbours n = new FakeNeighbours();
        n.entries.put(v4("192.0.2.1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = new StepDownAnnouncer("vi", "eth0", List.of(v4("192.0.2.100"), v4("192.0.2.101")), n,
                (vip, owner) -> sent.add(new Sent(vip, owner)));
        a.steppedDown(v4("192.0.2.1"));
        assertEquals(List.of(new Sent(v4("192.0.2.100"), R1), new Sent(v4("192.0.2.101"), R1)), sent);
        assertEquals(2, a.announcements());
    }

    @Test
    void masterHeard_shouldAskTheKernelToResolveAnUnknownMaster_andUseTheCachedMacAfterItIsGone() throws Exception {
        FakeNeighbours n = new FakeNeighbours();
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = new StepDownAnnouncer("vi", "eth0", List.of(v4("192.0.2.100")), n,
                (vip, owner) -> sent.add(new Sent(vip, owner)));
        a.masterHeard(v4("192.0.2.1"), 0);
        assertEquals(List.of(v4("192.0.2.1")), n.resolveRequests);
        a.masterHeard(v4("192.0.2.1"), SECOND / 2);
        assertEquals(1, n.resolveRequests.size(), "at most one check a second while unresolved");
        n.entries.put(v4("192.0.2.1"), R1);
        a.masterHeard(v4("192.0.2.1"), 2 * SECOND);
        int lookups = n.lookups;
        a.masterHeard(v4("192.0.2.1"), 3 * SECOND);
        assertEquals(lookups, n.lookups, "a known MAC is not looked up again on every advert");
        n.entries.clear();
        a.steppedDown(v4("192.0.2.1"));
        assertEquals(List.of(new Sent(v4("192.0.2.100"), R1)), sent);
    }

    @Test
    void steppedDown_shouldSendNothing_whenTheMastersMacIsUnknown() throws Exception {
        FakeNeighbours n = new FakeNeighbours();
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = new StepDownAnnouncer("vi", "eth0", List.of(v4("192.0.2.100")), n,
                (vip, owner) -> sent.add(new Sent(vip, owner)));
        a.steppedDown(v4("192.0.2.1"));
        assertTrue(sent.isEmpty());
        assertEquals(List.of(v4("192.0.2.1")), n.resolveRequests);
    }
}
