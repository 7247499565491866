package org.vrrpd.daemon.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vrrpd.config.NotifyConfig;
import org.vrrpd.fsm.VrrpState;

/**
 * One state change to announce, captured on the protocol thread so the notify thread never reads live state.
 *
 * @param instance the instance name
 * @param state    keepalived's word for the new state: {@code MASTER}, {@code BACKUP}, {@code FAULT} or
 *                 {@code STOP} (the router left Initialize-bound, i.e. shut down)
 * @param priority the effective priority at the change
 * @param scripts  the instance's notify scripts at the change
 * @param type     keepalived's {@code INSTANCE} or, for a sync group (whose name is in {@code instance} and
 *                 whose priority is 0), {@code GROUP}
 */
public record NotifyEvent(String instance, String state, int priority, NotifyConfig scripts, String type) {

    public static final String INSTANCE = "INSTANCE";
    public static final String GROUP = "GROUP";

    public NotifyEvent {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scripts, "scripts");
        if (!INSTANCE.equals(type) && !GROUP.equals(type)) {
            throw new IllegalArgumentException("type must be INSTANCE or GROUP, got " + type);
        }
    }

    /** An instance's change. */
    public NotifyEvent(String instance, String state, int priority, NotifyConfig scripts) {
        this(instance, state, priority, scripts, INSTANCE);
    }

    /** A sync group's change, as keepalived announces it: priority 0. */
    public static NotifyEvent group(String group, String state, NotifyConfig scripts) {
        return new NotifyEvent(group, state, 0, scripts, GROUP);
    }

    /** keepalived's state word for a transition target: INITIALIZE (after Shutdown) is {@code STOP}. */
    public static String stateWord(VrrpState to) {
        return to == VrrpState.INITIALIZE ? "STOP" : to.name();
    }

    /** The FIFO line, as keepalived writes it: {@code INSTANCE "VI_1" MASTER 100}, {@code GROUP "G" MASTER 0}. */
    public String fifoLine() {
        return type + " \"" + instance + "\" " + state + " " + priority + "\n";
    }

    /** The per-state script ({@code notify_master} ...), empty when none is configured. */
    public List<String> stateScript() {
        switch (state) {
            case "MASTER":
                return scripts.onMaster();
            case "BACKUP":
                return scripts.onBackup();
            case "FAULT":
                return scripts.onFault();
            case "STOP":
                return scripts.onStop();
            default:
                return List.of();
        }
    }

    /** The generic {@code notify} script's argv with keepalived's tail appended, empty when none. */
    public List<String> genericScript() {
        if (scripts.onChange().isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(scripts.onChange());
        argv.addAll(List.of(type, instance, state, Integer.toString(priority)));
        return List.copyOf(argv);
    }
}
