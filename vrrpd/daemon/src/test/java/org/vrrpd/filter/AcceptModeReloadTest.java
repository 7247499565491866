package org.vrrpd.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.ConfigDiff;

class AcceptModeReloadTest {

    private static List<ConfigDiff.Change> inPlace(String before, String after) throws Exception {
        return AcceptModeReload.inPlace(ConfigDiff.between(FilterConfigs.one(before), FilterConfigs.one(after))
                .changed());
    }

    @Test
    void onlyAcceptModeFlipped_shouldApplyInPlace() throws Exception {
        assertEquals(1, inPlace("", "    accept_mode: true\n").size());
        assertEquals(1, inPlace("    accept_mode: true\n", "").size());
    }

    @Test
    void acceptModeAndPriorityChanged_shouldRestartAsBefore() throws Exception {
        assertEquals(List.of(), inPlace("", "    accept_mode: true\n    preempt: false\n"));
    }

    @Test
    void acceptModeWithACheckChange_shouldStillApplyInPlace() throws Exception {
        assertEquals(1, inPlace("", "    accept_mode: true\n    track_interfaces: [{name: eth1}]\n").size());
    }

    @Test
    void otherElectionChange_withoutAcceptMode_shouldNotApplyInPlace() throws Exception {
        assertEquals(List.of(), inPlace("", "    preempt: false\n"));
    }
}
