package org.vrrpd.status;

import java.util.Map;

/**
 * An instance's counters since it started (they restart with the instance on a reload that changes it).
 *
 * @param advertsSent          advertisements sent
 * @param advertsReceived      advertisements accepted by the receive checks
 * @param priorityZeroSent     priority-0 advertisements sent (handover)
 * @param priorityZeroReceived priority-0 advertisements received
 * @param transitions          state changes
 * @param becameMaster         transitions into Master
 * @param sendErrors           advertisements the socket refused
 * @param vipRestored          VIPs put back after being removed while Master
 * @param masterDownExpired    Master_Down_Timer expiries in Backup after hearing a Master: its adverts stopped
 *                             (the start-up wait, a priority-0 handover and a preemption are not counted)
 * @param drops                received packets dropped, by reason (the receive check's counter name)
 * @param observations         accepted adverts with a logged mismatch, by kind
 */
public record CounterStatus(long advertsSent, long advertsReceived, long priorityZeroSent, long priorityZeroReceived,
                            long transitions, long becameMaster, long sendErrors, long vipRestored,
                            long masterDownExpired,
                            Map<String, Long> drops, Map<String, Long> observations) {

    public CounterStatus {
        drops = Copies.copy(drops);
        observations = Copies.copy(observations);
    }
}
