package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Rtnetlink} contract against {@link FakeRtnetlink}, plus the fake's own test hooks. */
class FakeRtnetlinkContractTest extends RtnetlinkContract implements RoutesContract {
    private FakeRtnetlink fake;
    private int index;

    @BeforeEach
    void createInterface() {
        fake = new FakeRtnetlink();
        fake.addLinkByHand("lo", 65536);
        index = fake.addLinkByHand("vrrpdum0", 1500);
    }

    @Override
    public Rtnetlink rtnetlink() {
        return fake;
    }

    @Override
    public int ifindex() {
        return index;
    }

    @Override
    protected String ifname() {
        return "vrrpdum0";
    }

    @Override
    protected void setLinkUpByHand(boolean up) throws Exception {
        fake.setLinkUpByHand(index, up);
    }

    @Override
    protected void removeAddressByHand(InterfaceAddress a) {
        fake.removeAddressByHand(a);
    }

    @Test
    void removeLinkByHand_deliversLinkRemoved() throws Exception {
        int other = fake.addLinkByHand("vrrpdum1", 1500);
        try (NetlinkSubscription sub = fake.subscribe()) {
            fake.removeLinkByHand(other);
            awaitEvent(sub, e -> e.equals(new NetlinkEvent.LinkRemoved(other, "vrrpdum1")));
        }
    }

    @Test
    void overrunByHand_deliversResyncNeeded() throws Exception {
        try (NetlinkSubscription sub = fake.subscribe()) {
            fake.overrunByHand();
            assertInstanceOf(NetlinkEvent.ResyncNeeded.class, sub.poll(Duration.ofSeconds(1)).get(0));
            assertEquals(-1, sub.fd());
        }
    }
}
