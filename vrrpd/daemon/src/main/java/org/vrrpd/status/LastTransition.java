package org.vrrpd.status;

import java.time.Instant;
import org.vrrpd.fsm.VrrpState;

/**
 * An instance's last state change.
 *
 * @param from   the state it left
 * @param to     the state it entered
 * @param reason why, in words ("master down timer fired")
 * @param at     when
 */
public record LastTransition(VrrpState from, VrrpState to, String reason, Instant at) {
}
