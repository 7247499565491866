package org.vrrpd.fsm;

import java.util.List;
import java.util.Objects;

/**
 * The result of one event: the next state and the actions the driver must carry out, in order.
 */
public record Transition(RouterState state, List<Action> actions) {

    public Transition {
        Objects.requireNonNull(state, "state");
        actions = List.copyOf(actions);
    }
}
