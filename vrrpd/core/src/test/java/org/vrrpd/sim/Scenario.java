package org.vrrpd.sim;

import java.util.List;

/**
 * A random history for the simulated LAN: the routers' setup and a list of timed events.
 *
 * @param seed         seeds link delays and loss
 * @param version      2 or 3
 * @param intervalCs   Advertisement_Interval of every router (v2 always 100)
 * @param fastTakeover the fast-takeover flag of every router
 * @param preempt      Preempt_Mode of every router (the owner always preempts)
 * @param preemptDelayPercent preempt_delay of every router, in % of an interval
 * @param withOwner    router 0 is the address owner (priority 255)
 * @param priorities   base priorities (router 0's is replaced by 255 when {@code withOwner})
 * @param steps        events, each {@code gapPercent} % of an interval after the previous one
 */
record Scenario(long seed, int version, int intervalCs, boolean fastTakeover, boolean preempt,
                int preemptDelayPercent, boolean withOwner, List<Integer> priorities, List<Step> steps) {

    enum Kind { CRASH, RESTART, STOP, PRIORITY, LINK_DOWN, LINK_UP, TRACK_FAULT, TRACK_CLEAR }

    /** One event for router {@code router % n}; {@code value} is the new priority for PRIORITY. */
    record Step(Kind kind, int router, int gapPercent, int value) {
        @Override
        public String toString() {
            return "+" + gapPercent + "% " + kind + " R" + router + (kind == Kind.PRIORITY ? "=" + value : "");
        }
    }
}
