package org.vrrpd.daemon.vip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.daemon.instance.DriverRig;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.net.netlink.FakeRtnetlink;
import org.vrrpd.net.netlink.InterfaceAddress;

/** The VIP table's reads of the kernel, alone and in a start-up batch. */
class VipTableTest {

    private final FakeRtnetlink kernel = new FakeRtnetlink();
    private final VipTable vips = new VipTable(kernel);
    private final int eth0;
    private final InstanceConfig config;

    VipTableTest() throws Exception {
        kernel.addLinkByHand("lo", 65536);
        eth0 = kernel.addLinkByHand("eth0", 1500);
        kernel.addAddress(new InterfaceAddress(eth0, InetAddress.getByName("192.0.2.11"), 24, Optional.empty(), 0, 0));
        config = DriverRig.config(100, true);
    }

    /** What {@code InstanceDriver.start()} reads for one instance. */
    private void startReads() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.11"), vips.sourceAddress(config, eth0));
        vips.removeStale(config, eth0);
        assertTrue(vips.linkUp(eth0));
    }

    @Test
    void fiftyInstancesInABatchReadTheInterfaceOnce() throws Exception {
        vips.batch(() -> {
            for (int i = 0; i < 50; i++) {
                startReads();
            }
            return null;
        });
        assertEquals(2, kernel.reads(), "one address dump and one link query for the interface");
    }

    @Test
    void withoutABatchEveryReadGoesToTheKernel() throws Exception {
        for (int i = 0; i < 50; i++) {
            startReads();
        }
        assertEquals(150, kernel.reads());
    }

    @Test
    void theTablesOwnChangesInABatchAreSeenByLaterReads() throws Exception {
        int removed = vips.batch(() -> {
            vips.sourceAddress(config, eth0); // fills the batch's view of eth0 before the VIP is there
            vips.add(config, eth0);
            return vips.removeStale(config, eth0);
        });
        assertEquals(1, removed, "the VIP added in the batch is found and removed");
        assertFalse(kernel.addresses(eth0).stream().anyMatch(a -> a.address().getHostAddress().equals(DriverRig.VIP)));
    }

    @Test
    void aStaleVipRemovedInABatchSendsTheNextReadToTheKernel() throws Exception {
        vips.add(config, eth0);
        int[] reads = new int[2];
        int removed = vips.batch(() -> {
            int n = vips.removeStale(config, eth0);
            reads[0] = kernel.reads();
            vips.sourceAddress(config, eth0);
            reads[1] = kernel.reads();
            return n;
        });
        assertEquals(1, removed);
        assertEquals(reads[0] + 1, reads[1], "eth0's addresses are read again after the removal");
    }

    @Test
    void afterTheBatchReadsAreFreshAgain() throws Exception {
        vips.batch(() -> vips.linkUp(eth0));
        kernel.setLinkUpByHand(eth0, false);
        assertFalse(vips.linkUp(eth0), "a link taken down after the batch is seen down");
    }

    @Test
    void beginAdd_putsTheVipsOnTheHost_andConfirmAddedReadsTheAnswers() throws Exception {
        vips.beginAdd(config, eth0);
        assertTrue(kernel.addresses(eth0).stream().anyMatch(a -> a.address().getHostAddress().equals(DriverRig.VIP)));
        assertEquals(1, kernel.unfinishedAdds());
        vips.confirmAdded();
        assertEquals(0, kernel.unfinishedAdds());
        vips.beginAdd(config, eth0); // there already: answered "no change", nothing thrown
        vips.confirmAdded();
        assertEquals(0, kernel.unfinishedAdds());
    }

    @Test
    void beginAdd_onAMissingDevice_isReportedByTheConfirm_notThrown() throws Exception {
        vips.beginAdd(config, 999);
        assertEquals(1, kernel.unfinishedAdds());
        vips.confirmAdded(); // logged: "cannot add VIP"
        assertEquals(0, kernel.unfinishedAdds());
        assertFalse(kernel.addresses(eth0).stream().anyMatch(a -> a.address().getHostAddress().equals(DriverRig.VIP)));
    }
}
