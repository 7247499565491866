package org.vrrpd.status;

import java.time.Instant;
import org.vrrpd.fsm.VrrpState;

/**
 * One state change in the {@code history} reply.
 *
 * @param at       when
 * @param instance which instance
 * @param from     the state it left
 * @param to       the state it entered
 * @param priority its effective priority at that moment
 * @param reason   why, in words
 */
public record HistoryEntry(Instant at, String instance, VrrpState from, VrrpState to, int priority, String reason) {
}
