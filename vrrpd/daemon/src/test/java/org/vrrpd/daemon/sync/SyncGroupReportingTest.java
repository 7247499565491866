package org.vrrpd.daemon.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.NotifyConfig;
import org.vrrpd.daemon.metrics.CheckLatencyHistograms;
import org.vrrpd.daemon.metrics.MetricsRenderer;
import org.vrrpd.daemon.notify.NotifyEvent;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.KernelFilterStatus;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.SyncGroupStatus;

/** How a group move is announced: keepalived's group notify arguments and FIFO line, and the metrics family. */
class SyncGroupReportingTest {

    private static final NotifyConfig SCRIPTS = new NotifyConfig(List.of("/usr/local/lib/vrrpd/notify-group"),
            List.of("/usr/local/bin/group-up"), List.of(), List.of(), List.of());

    @Test
    void groupNotify_shouldGetKeepalivedsGroupArguments_andTheFifoItsGroupLine() {
        NotifyEvent e = NotifyEvent.group("mail", NotifyEvent.stateWord(VrrpState.MASTER), SCRIPTS);
        assertEquals("GROUP \"mail\" MASTER 0\n", e.fifoLine());
        assertEquals(List.of("/usr/local/lib/vrrpd/notify-group", "GROUP", "mail", "MASTER", "0"),
                e.genericScript());
        assertEquals(List.of("/usr/local/bin/group-up"), e.stateScript());
        assertEquals("STOP", NotifyEvent.group("mail", NotifyEvent.stateWord(VrrpState.INITIALIZE), SCRIPTS)
                .state());
    }

    @Test
    void instanceNotify_isUnchanged() {
        NotifyEvent e = new NotifyEvent("mail6", "BACKUP", 100, SCRIPTS);
        assertEquals("INSTANCE \"mail6\" BACKUP 100\n", e.fifoLine());
        assertEquals(List.of("/usr/local/lib/vrrpd/notify-group", "INSTANCE", "mail6", "BACKUP", "100"),
                e.genericScript());
    }

    @Test
    void metrics_shouldCarryTheGroupsStateAndMembers() {
        StatusReply status = new StatusReply("1.0", 1, 1000, "/etc/vrrpd/vrrpd.yaml", null, KernelFilterStatus.NONE,
                List.of(), List.of(new SyncGroupStatus("mail", VrrpState.FAULT, "mail MASTER -> FAULT (x)",
                Instant.EPOCH, List.of(new SyncGroupStatus.Member("mail", VrrpState.FAULT, true, false),
                new SyncGroupStatus.Member("mail6", VrrpState.FAULT, false, false)))));
        String text = MetricsRenderer.render(status, new ChecksReply(List.of()), new CheckLatencyHistograms(),
                MetricsRenderer.Extra.NONE);
        assertTrue(text.contains("vrrpd_sync_group_state{group=\"mail\",state=\"FAULT\"} 1\n"), text);
        assertTrue(text.contains("vrrpd_sync_group_state{group=\"mail\",state=\"MASTER\"} 0\n"), text);
        assertTrue(text.contains("vrrpd_sync_group_member{group=\"mail\",vrrp_instance=\"mail6\"} 1\n"), text);
    }
}
