package org.vrrpd.daemon.instance;

import org.vrrpd.fsm.Action;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.RouterState;
import org.vrrpd.fsm.TimerKind;
import org.vrrpd.fsm.Timers;
import org.vrrpd.fsm.Transition;
import org.vrrpd.fsm.VrrpState;

/**
 * Tells a Master that went silent from the other reasons a Backup's Master_Down_Timer fires, for the
 * {@code masterDownExpired} counter: the timer counts only when a Master's advert armed it for a whole
 * Master_Down_Interval (the advert was accepted and reset the timer) and no advert came since. The start-up wait,
 * Skew_Time after a priority-0 advert, a fast takeover over a lower Master and a preemption (whose lower adverts
 * are discarded and leave the timer running) do not count. Protocol thread only.
 */
final class MasterSilence {

    private boolean armedByMaster;

    /** Whether {@code event}, about to be handled in {@code before}, is the timer of a Master that went silent. */
    boolean expired(Event event, RouterState before) {
        return event instanceof Event.MasterDownTimerFired && before.state() == VrrpState.BACKUP && armedByMaster;
    }

    /** Notes who armed the Master_Down_Timer, if {@code event} did; call after every event. */
    void handled(Event event, Transition t) {
        for (Action a : t.actions()) {
            if (a instanceof Action.ArmTimer arm && arm.kind() == TimerKind.MASTER_DOWN) {
                // an accepted advert arms 3 intervals + skew; Skew_Time alone (priority 0, fast takeover) is less
                // than one interval
                armedByMaster = event instanceof Event.AdvertReceived advert && advert.priority() > 0
                        && arm.delay().compareTo(Timers.centiseconds(t.state().masterAdverIntervalCs())) > 0;
            }
        }
    }
}
