package org.vrrpd.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.filter.FilterConfigs.instance;
import static org.vrrpd.filter.FilterConfigs.one;

import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.net.nftables.FakeNftables;
import org.vrrpd.net.nftables.NftCounter;
import org.vrrpd.net.nftables.NftOp;

class KernelFilterTest {

    private final FakeNftables nft = new FakeNftables();
    private final KernelFilter filter = new KernelFilter(nft);

    private static Set<InetAddress> addresses(String... a) throws Exception {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (String s : a) {
            out.add(InetAddress.getByName(s));
        }
        return out;
    }

    private Set<InetAddress> set4() {
        return nft.elements(FilterRuleset.TABLE, FilterRuleset.SET4);
    }

    @Test
    void acceptModeFalse_nonOwner_shouldHaveItsVipsInTheSetExactlyWhileTheyAreOnTheHost() throws Exception {
        VrrpdConfig c = one("");
        filter.configure(c);
        assertTrue(nft.table(FilterRuleset.TABLE).isPresent(), "the table is there before any instance starts");
        assertEquals(Set.of(), set4());

        filter.beforeAdd(instance(c));
        assertEquals(addresses("192.0.2.100", "192.0.2.101"), set4(), "in the set before the VIPs are added");
        filter.afterRemove(instance(c));
        assertEquals(Set.of(), set4(), "out of the set after the VIPs are removed");
    }

    @Test
    void reloadInPlace_addingAndRemovingSomeVips_shouldChangeOnlyThoseElements() throws Exception {
        VrrpdConfig c = one("");
        filter.configure(c);
        InstanceConfig all = instance(c); // 192.0.2.100 and .101
        filter.beforeAdd(all);
        InstanceConfig first = all.withVirtualAddresses(List.of(all.virtualAddresses().get(0)));
        InstanceConfig second = all.withVirtualAddresses(List.of(all.virtualAddresses().get(1)));
        filter.afterRemove(second);
        assertEquals(addresses("192.0.2.100"), set4(), "only the removed VIP leaves the set");
        filter.beforeAdd(second);
        assertEquals(addresses("192.0.2.100", "192.0.2.101"), set4());
        filter.afterRemove(first);
        filter.afterRemove(second);
        assertEquals(Set.of(), set4());
        assertEquals(Set.of(), filter.members());
    }

    @Test
    void acceptModeTrue_shouldNeverFilter_andNeedsNoTable() throws Exception {
        VrrpdConfig c = one("    accept_mode: true\n");
        assertFalse(KernelFilter.needed(c));
        filter.configure(c);
        filter.beforeAdd(instance(c));
        assertTrue(nft.table(FilterRuleset.TABLE).isEmpty());
        assertEquals(Set.of(), filter.members());
    }

    @Test
    void owner_shouldNeverFilter_evenWithAcceptModeFalse() throws Exception {
        VrrpdConfig c = FilterConfigs.parse("instances:\n  - name: vi\n    interface: eth0\n    vrid: 42\n"
                + "    priority: 255\n    vips: [192.0.2.100/24]\n");
        assertFalse(KernelFilter.filtered(instance(c)));
        filter.configure(c);
        filter.beforeAdd(instance(c));
        assertEquals(Set.of(), filter.members());
    }

    @Test
    void configure_shouldReplaceAStaleTable_leftByAKilledRun() throws Exception {
        nft.commit(1, List.of(new NftOp.AddTable(FilterRuleset.TABLE),
                new NftOp.AddSet(FilterRuleset.TABLE, FilterRuleset.SET4, 1, 7, 4),
                new NftOp.AddElements(FilterRuleset.TABLE, FilterRuleset.SET4, List.of(InetAddress.getByName(
                        "192.0.2.77")))));
        filter.configure(one(""));
        assertEquals(Set.of(), set4(), "the stale element went with the stale table");
    }

    @Test
    void configure_withNothingToEnforce_shouldRemoveAStaleTable() throws Exception {
        nft.commit(1, List.of(new NftOp.AddTable(FilterRuleset.TABLE)));
        filter.configure(one("    accept_mode: true\n"));
        assertTrue(nft.table(FilterRuleset.TABLE).isEmpty());
    }

    @Test
    void close_shouldRemoveTheTable_andCloseTheSocket() throws Exception {
        filter.configure(one(""));
        filter.close();
        assertTrue(nft.table(FilterRuleset.TABLE).isEmpty());
        assertTrue(nft.closed());
    }

    @Test
    void acceptModeChanged_whileActive_shouldMoveTheVipsOutOfAndBackIntoTheSet() throws Exception {
        VrrpdConfig strict = one("");
        VrrpdConfig open = one("    accept_mode: true\n");
        filter.configure(strict);
        filter.beforeAdd(instance(strict));
        filter.configure(open);
        filter.acceptModeChanged(instance(open));
        assertEquals(Set.of(), set4());
        filter.configure(strict);
        filter.acceptModeChanged(instance(strict));
        assertEquals(addresses("192.0.2.100", "192.0.2.101"), set4());
    }

    @Test
    void reloadToAcceptModeFalse_whileActive_withoutATableYet_shouldMakeTheTableAndFilter() throws Exception {
        VrrpdConfig open = one("    accept_mode: true\n");
        VrrpdConfig strict = one("");
        filter.configure(open);
        filter.beforeAdd(instance(open));
        assertTrue(nft.table(FilterRuleset.TABLE).isEmpty());
        filter.configure(strict);
        filter.acceptModeChanged(instance(strict));
        assertEquals(addresses("192.0.2.100", "192.0.2.101"), set4());
    }

    @Test
    void acceptModeChanged_whileBackup_shouldApplyAtTheNextAdd_evenThoughTheDriverStillHasTheOldConfig()
            throws Exception {
        VrrpdConfig strict = one("");
        VrrpdConfig open = one("    accept_mode: true\n");
        filter.configure(strict);
        filter.configure(open);
        filter.acceptModeChanged(instance(open));
        filter.beforeAdd(instance(strict)); // the running driver keeps the config it started with
        assertEquals(Set.of(), set4());
    }

    @Test
    void configure_refusedByTheKernel_shouldThrowWithTheReason_andKeepTheOldTable() throws Exception {
        filter.configure(one(""));
        filter.beforeAdd(instance(one("")));
        nft.failNext(1);
        IOException e = assertThrows(IOException.class, () -> filter.configureOrFail(FilterConfigs.withGuard(
                "  - name: vi\n    interface: eth0\n    vrid: 42\n    vips: [192.0.2.100/24, 192.0.2.101/24]\n")));
        assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
        assertEquals(addresses("192.0.2.100", "192.0.2.101"), set4());
    }

    @Test
    void setUpdateRefused_shouldBeCountedAndLogged_notThrownIntoTheStateMachine() throws Exception {
        filter.configure(one(""));
        nft.failNext(105);
        filter.beforeAdd(instance(one("")));
        assertEquals(1, filter.failures());
    }

    @Test
    void reconfigure_shouldCarryTheCountersOver_whenTheGuardChanges() throws Exception {
        String vi = "  - name: vi\n    interface: eth0\n    vrid: 42\n    vips: [192.0.2.100/24]\n";
        filter.configure(FilterConfigs.withGuard(vi));
        nft.count(FilterRuleset.TABLE, FilterRuleset.GUARD_COUNTER, 3);
        filter.configure(FilterConfigs.withGuard(vi + "    unicast_peers: [192.0.2.2]\n"));
        assertEquals(3, filter.guardDrops().map(NftCounter::packets).orElse(-1L));
        assertEquals(3, filter.status().guardDrops());
    }

    @Test
    void twoInstancesSharingNoVip_shouldEachTakeOnlyTheirOwnVipsOut() throws Exception {
        VrrpdConfig c = FilterConfigs.parse("instances:\n"
                + "  - name: a\n    interface: eth0\n    vrid: 1\n    vips: [192.0.2.100/24]\n"
                + "  - name: b\n    interface: eth0\n    vrid: 2\n    vips: [192.0.2.101/24]\n");
        filter.configure(c);
        InstanceConfig a = c.instances().get(0);
        InstanceConfig b = c.instances().get(1);
        filter.beforeAdd(a);
        filter.beforeAdd(b);
        filter.afterRemove(a);
        assertEquals(addresses("192.0.2.101"), set4());
        filter.afterRemove(b);
        filter.afterRemove(b); // a second removal (stop after Backup) changes nothing and fails nothing
        assertEquals(0, filter.failures());
    }
}
