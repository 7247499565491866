package org.vrrpd.daemon.vip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.net.MacAddress;

class StepDownAnnouncerTest {

    static final MacAddress R1 = MacAddress.parse("02:00:00:00:00:01");
    static final int IF = 7;
    static final long SECOND = 1_000_000_000L;

    record Sent(InetAddress vip, MacAddress owner) {
    }

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static StepDownAnnouncer announcer(FakeNeighbourTable n, List<Sent> sent, String... vips)
            throws Exception {
        List<InetAddress> list = new ArrayList<>();
        for (String v : vips) {
            list.add(ip(v));
        }
        return new StepDownAnnouncer("vi", () -> IF, list, n, (vip, owner) -> sent.add(new Sent(vip, owner)));
    }

    @Test
    void steppedDown_shouldAnnounceEveryIpv4VipAtTheNewMastersMac() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable().put(IF, ip("192.0.2.1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "192.0.2.100", "192.0.2.101");
        a.steppedDown(ip("192.0.2.1"), 4 * SECOND);
        assertEquals(List.of(new Sent(ip("192.0.2.100"), R1), new Sent(ip("192.0.2.101"), R1)), sent);
        assertEquals(2, a.announcements());
    }

    @Test
    void steppedDown_shouldAnnounceEveryIpv6VipAtTheMacOfTheMastersLinkLocal() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable().put(IF, ip("fe80::ff:fe00:1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "fe80::2a", "2001:db8::100");
        a.steppedDown(ip("fe80::ff:fe00:1"), 4 * SECOND);
        assertEquals(List.of(new Sent(ip("fe80::2a"), R1), new Sent(ip("2001:db8::100"), R1)), sent);
        assertEquals(2, a.announcements());
    }

    @Test
    void steppedDown_shouldIgnoreAnEntryForTheSameAddressOnAnotherInterface() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable().put(IF + 1, ip("fe80::ff:fe00:1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "fe80::2a", "2001:db8::100");
        a.steppedDown(ip("fe80::ff:fe00:1"), 4 * SECOND);
        assertTrue(sent.isEmpty(), "a link-local address is only meaningful on its own link");
        assertEquals(List.of(new FakeNeighbourTable.Key(IF, ip("fe80::ff:fe00:1"))), n.resolveRequests);
    }

    @Test
    void masterHeard_shouldAskTheKernelToResolveAnUnknownMaster_andUseTheCachedMacAfterItIsGone() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable();
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "192.0.2.100");
        a.masterHeard(ip("192.0.2.1"), 0);
        assertEquals(List.of(new FakeNeighbourTable.Key(IF, ip("192.0.2.1"))), n.resolveRequests);
        a.masterHeard(ip("192.0.2.1"), SECOND / 2);
        assertEquals(1, n.resolveRequests.size(), "at most one check a second while unresolved");
        n.put(IF, ip("192.0.2.1"), R1);
        a.masterHeard(ip("192.0.2.1"), 2 * SECOND);
        int lookups = n.lookups;
        a.masterHeard(ip("192.0.2.1"), 3 * SECOND);
        assertEquals(lookups, n.lookups, "a known MAC is not looked up again on every advert");
        n.entries.clear();
        a.steppedDown(ip("192.0.2.1"), 4 * SECOND);
        assertEquals(List.of(new Sent(ip("192.0.2.100"), R1)), sent);
    }

    @Test
    void masterHeard_shouldResolveAnIpv6LinkLocalMasterOnTheInstancesInterface() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable();
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "fe80::2a", "2001:db8::100");
        a.masterHeard(ip("fe80::ff:fe00:1"), 0);
        assertEquals(List.of(new FakeNeighbourTable.Key(IF, ip("fe80::ff:fe00:1"))), n.resolveRequests);
        n.put(IF, ip("fe80::ff:fe00:1"), R1);
        a.masterHeard(ip("fe80::ff:fe00:1"), 2 * SECOND);
        n.entries.clear();
        a.steppedDown(ip("fe80::ff:fe00:1"), 4 * SECOND);
        assertEquals(List.of(new Sent(ip("fe80::2a"), R1), new Sent(ip("2001:db8::100"), R1)), sent);
    }

    @Test
    void steppedDown_shouldSendNothing_whenTheMastersMacIsUnknown() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable();
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "192.0.2.100");
        a.steppedDown(ip("192.0.2.1"), 4 * SECOND);
        assertTrue(sent.isEmpty());
        assertEquals(List.of(new FakeNeighbourTable.Key(IF, ip("192.0.2.1"))), n.resolveRequests);
    }

    @Test
    void steppedDown_shouldStillAnnounceTheOtherVips_whenOneSendFails() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable().put(IF, ip("fe80::ff:fe00:1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = new StepDownAnnouncer("vi", () -> IF, List.of(ip("fe80::2a"), ip("2001:db8::100")),
                n, (vip, owner) -> {
                    if (vip.equals(ipUnchecked("fe80::2a"))) {
                        throw new IOException("ENOBUFS");
                    }
                    sent.add(new Sent(vip, owner));
                });
        a.steppedDown(ip("fe80::ff:fe00:1"), 4 * SECOND);
        assertEquals(List.of(new Sent(ip("2001:db8::100"), R1)), sent);
        assertEquals(1, a.announcements());
    }

    @Test
    void steppedDown_withTheMacUnknown_shouldAnnounceOnce_whenAnAdvertFindsItResolved() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable();
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "192.0.2.100");
        a.steppedDown(ip("192.0.2.1"), 10 * SECOND); // a healed partition: never heard the Master before
        a.masterHeard(ip("192.0.2.1"), 10 * SECOND + SECOND / 10);
        assertTrue(sent.isEmpty(), "still unresolved");
        n.put(IF, ip("192.0.2.1"), R1);
        a.masterHeard(ip("192.0.2.1"), 10 * SECOND + SECOND / 5); // not a second later: pending looks every advert
        assertEquals(List.of(new Sent(ip("192.0.2.100"), R1)), sent);
        a.masterHeard(ip("192.0.2.1"), 11 * SECOND);
        a.masterHeard(ip("192.0.2.1"), 50 * SECOND);
        assertEquals(1, sent.size(), "announced once per step-down");
    }

    @Test
    void leftActive_shouldAnnounceAtTheMacOfTheNextMasterHeard_whenWithin30s() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable().put(IF, ip("fe80::ff:fe00:1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "fe80::2a", "2001:db8::100");
        a.leftActive(5 * SECOND); // the sync group stepped down: no advert of this instance said who is Master
        assertTrue(sent.isEmpty());
        a.masterHeard(ip("fe80::ff:fe00:1"), 5 * SECOND + SECOND / 10);
        assertEquals(List.of(new Sent(ip("fe80::2a"), R1), new Sent(ip("2001:db8::100"), R1)), sent);
        a.masterHeard(ip("fe80::ff:fe00:1"), 6 * SECOND);
        assertEquals(2, sent.size());
    }

    @Test
    void leftActive_shouldAnnounceNothing_whenTheNextMasterIsHeardAfter30s() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable().put(IF, ip("192.0.2.1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent, "192.0.2.100");
        a.leftActive(SECOND);
        a.masterHeard(ip("192.0.2.1"), 32 * SECOND);
        a.masterHeard(ip("192.0.2.1"), 33 * SECOND);
        assertTrue(sent.isEmpty(), "clients' entries have moved on by then: " + sent);
    }

    @Test
    void leftActive_withoutVips_shouldDoNothing() throws Exception {
        FakeNeighbourTable n = new FakeNeighbourTable().put(IF, ip("192.0.2.1"), R1);
        List<Sent> sent = new ArrayList<>();
        StepDownAnnouncer a = announcer(n, sent);
        a.leftActive(SECOND);
        a.masterHeard(ip("192.0.2.1"), 2 * SECOND);
        assertTrue(sent.isEmpty());
    }

    private static InetAddress ipUnchecked(String s) {
        try {
            return ip(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
