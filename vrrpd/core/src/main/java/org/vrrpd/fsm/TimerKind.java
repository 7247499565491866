package org.vrrpd.fsm;

/**
 * The timers the state machine asks its driver to run. Each kind has at most one armed instance: arming a kind
 * again replaces the pending instance (see {@link Action.ArmTimer} for the full contract).
 */
public enum TimerKind {
    /** RFC 9568 Adver_Timer: a Master sends its next advert when it fires. Delivers {@link Event.AdverTimerFired}. */
    ADVER,
    /** RFC 9568 Master_Down_Timer (Active_Down_Timer): a Backup takes over when it fires. Delivers
     *  {@link Event.MasterDownTimerFired}. */
    MASTER_DOWN;

    /** The event the driver delivers when an armed timer of this kind expires. */
    public Event firedEvent() {
        return this == ADVER ? new Event.AdverTimerFired() : new Event.MasterDownTimerFired();
    }
}
