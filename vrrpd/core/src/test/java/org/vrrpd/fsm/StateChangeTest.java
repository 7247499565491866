package org.vrrpd.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vrrpd.fsm.Fsm.HIGH;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single state-change choke point and the configuration checks. */
class StateChangeTest {

    @Test
    void everyStateChange_shouldEndWithNotifyAndBeCounted() {
        Fsm f = new Fsm(Fsm.v3(100));
        List<Event> events = List.of(new Event.Startup(), new Event.MasterDownTimerFired(),
                new Event.AdvertReceived(HIGH, 200, 100), new Event.FaultRaised("x"), new Event.FaultCleared());
        for (Event e : events) {
            VrrpState before = f.state.state();
            List<Action> actions = f.fire(e);
            assertEquals(new Action.Notify(before, f.state.state(),
                    ((Action.Notify) actions.get(actions.size() - 1)).reason()), actions.get(actions.size() - 1));
            assertEquals(1, actions.stream().filter(a -> a instanceof Action.Notify).count());
        }
        assertEquals(1, f.machine.transitionCount(VrrpState.INITIALIZE, VrrpState.BACKUP));
        assertEquals(1, f.machine.transitionCount(VrrpState.BACKUP, VrrpState.MASTER));
        assertEquals(1, f.machine.transitionCount(VrrpState.MASTER, VrrpState.BACKUP));
        assertEquals(1, f.machine.transitionCount(VrrpState.BACKUP, VrrpState.FAULT));
        assertEquals(1, f.machine.transitionCount(VrrpState.FAULT, VrrpState.BACKUP));
        assertEquals(0, f.machine.transitionCount(VrrpState.MASTER, VrrpState.FAULT));
    }

    @Test
    void stateChange_shouldRecordWhenTheStateWasEntered() {
        Fsm f = new Fsm(Fsm.v3(100)).backup();
        f.advance(Duration.ofSeconds(5));
        long at = f.now;
        f.fire(new Event.MasterDownTimerFired());
        assertEquals(at, f.state.sinceNanos());
    }

    @Test
    void handle_shouldNotMutateTheGivenState() {
        Fsm f = new Fsm(Fsm.v3(100));
        RouterState initial = f.state;
        Transition t = f.machine.handle(initial, new Event.Startup(), f.now);
        assertEquals(VrrpState.INITIALIZE, initial.state());
        assertEquals(VrrpState.BACKUP, t.state().state());
    }

    @Test
    void config_shouldRejectOutOfRangeValues() {
        VrrpConfig ok = Fsm.v3(100);
        assertThrows(IllegalArgumentException.class, () -> ok.withPriority(0));
        assertThrows(IllegalArgumentException.class, () -> ok.withAdvertisementIntervalCs(0));
        assertThrows(IllegalArgumentException.class, () -> ok.withAdvertisementIntervalCs(4096));
        assertThrows(IllegalArgumentException.class, () -> Fsm.v2(100).withAdvertisementIntervalCs(150));
        assertThrows(IllegalArgumentException.class, () -> ok.withPreemptDelay(Duration.ofSeconds(-1)));
    }
}
