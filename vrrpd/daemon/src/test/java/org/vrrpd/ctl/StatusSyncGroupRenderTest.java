package org.vrrpd.ctl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.status.KernelFilterStatus;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.SyncGroupStatus;

/** {@code vrrpctl status} shows each sync group, its members and why it last moved. */
class StatusSyncGroupRenderTest {

    @Test
    void status_shouldShowTheGroupItsMembersAndItsLastMove() {
        StatusReply s = new StatusReply("1.0", 42, 5, "/etc/vrrpd/vrrpd.yaml", null, KernelFilterStatus.NONE,
                List.of(), List.of(new SyncGroupStatus("mail", VrrpState.FAULT,
                "mail MASTER -> FAULT (check 'smtp' is down: connection refused)", Instant.parse(
                "2026-01-01T00:00:00Z"), List.of(new SyncGroupStatus.Member("mail", VrrpState.FAULT, true, false),
                new SyncGroupStatus.Member("mail6", VrrpState.FAULT, false, false)))));
        String text = StatusCommand.render(s);
        assertTrue(text.contains("sync group mail: FAULT since 2026-01-01"), text);
        assertTrue(text.contains("mail FAULT (own fault), mail6 FAULT"), text);
        assertTrue(text.contains("mail MASTER -> FAULT (check 'smtp' is down: connection refused)"), text);
    }
}
