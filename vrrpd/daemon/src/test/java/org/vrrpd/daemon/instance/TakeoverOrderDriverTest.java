package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.net.netlink.NetlinkException;

/**
 * A takeover's gratuitous ARP leaves as soon as the VIP is on the interface: the kernel's answer to the VIP
 * request is read after it, and is read (none left unfinished) by the time the takeover is handled.
 */
class TakeoverOrderDriverTest {

    @Test
    void theGarpLeavesWithTheVipOnTheHost_beforeTheKernelsAnswerIsRead() throws Exception {
        DriverRig rig = new DriverRig();
        DriverRig.Router r1 = rig.add(1, 100);
        List<String> atGarp = new ArrayList<>();
        rig.lan.onFrame(() -> atGarp.add("VIP on host " + vipOn(r1) + ", answers unread " + r1.kernel.unfinishedAdds()));
        r1.driver.start();
        rig.clock.advance(Duration.ofSeconds(2)); // alone: its Master_Down_Interval runs out
        assertEquals(VrrpState.MASTER, r1.state());
        assertEquals(List.of("VIP on host true, answers unread 1"), atGarp);
        assertEquals(0, r1.kernel.unfinishedAdds());
    }

    private static boolean vipOn(DriverRig.Router r) {
        try {
            return r.hasVip();
        } catch (NetlinkException e) {
            throw new IllegalStateException(e);
        }
    }
}
