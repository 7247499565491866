package org.vrrpd.daemon.vip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.GlobalConfig;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.daemon.instance.DriverRig;
import org.vrrpd.filter.FilterRuleset;
import org.vrrpd.filter.KernelFilter;
import org.vrrpd.filter.VipFilter;
import org.vrrpd.net.netlink.FakeRtnetlink;
import org.vrrpd.net.netlink.InterfaceAddress;
import org.vrrpd.net.nftables.FakeNftables;

/** The VIP table tells its filter before a VIP is added and after it is removed, so no packet slips through. */
class VipFilterOrderTest {

    private final FakeRtnetlink kernel = new FakeRtnetlink();
    private final VipTable vips = new VipTable(kernel);
    private final int eth0;
    private final InstanceConfig config;

    VipFilterOrderTest() throws Exception {
        kernel.addLinkByHand("lo", 65536);
        eth0 = kernel.addLinkByHand("eth0", 1500);
        kernel.addAddress(new InterfaceAddress(eth0, InetAddress.getByName("192.0.2.11"), 24, Optional.empty(), 0, 0));
        config = DriverRig.config(100, true);
    }

    private boolean vipOnHost() throws Exception {
        return kernel.addresses(eth0).stream().anyMatch(a -> a.address().getHostAddress().equals(DriverRig.VIP));
    }

    @Test
    void filter_shouldBeToldBeforeTheVipIsAdded_andAfterItIsRemoved() throws Exception {
        List<String> seen = new ArrayList<>();
        vips.useFilter(new VipFilter() {
            @Override
            public void beforeAdd(InstanceConfig instance) {
                seen.add("beforeAdd, VIP on host: " + onHost());
            }

            @Override
            public void afterRemove(InstanceConfig instance) {
                seen.add("afterRemove, VIP on host: " + onHost());
            }

            private boolean onHost() {
                try {
                    return vipOnHost();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        vips.add(config, eth0);
        vips.remove(config, eth0);
        assertEquals(List.of("beforeAdd, VIP on host: false", "afterRemove, VIP on host: false"), seen);
    }

    @Test
    void withTheKernelFilter_theVipIsInTheDropSetWheneverItIsOnTheHost() throws Exception {
        FakeNftables nft = new FakeNftables();
        KernelFilter filter = new KernelFilter(nft);
        filter.configure(new VrrpdConfig("vrrpd.yaml", GlobalConfig.defaults(), List.of(config), List.of()));
        vips.useFilter(filter);
        InetAddress vip = InetAddress.getByName(DriverRig.VIP);
        for (int round = 0; round < 3; round++) {
            vips.add(config, eth0);
            assertEquals(true, vipOnHost());
            assertEquals(Set.of(vip), nft.elements(FilterRuleset.TABLE, FilterRuleset.SET4));
            vips.remove(config, eth0);
            assertEquals(false, vipOnHost());
            assertEquals(Set.of(), nft.elements(FilterRuleset.TABLE, FilterRuleset.SET4));
        }
    }
}
