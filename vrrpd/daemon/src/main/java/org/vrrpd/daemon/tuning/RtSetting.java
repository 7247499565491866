package org.vrrpd.daemon.tuning;

import java.util.Locale;
import java.util.Optional;

/**
 * The requested real-time scheduling of the protocol thread — keepalived's {@code vrrp_rt_priority}. Read from
 * the system property {@code vrrpd.rt_priority} or else the environment variable {@code VRRPD_RT_PRIORITY}:
 * {@code 1..99} (SCHED_RR at that priority) or {@code fifo:N} / {@code rr:N}. Absent, empty or {@code 0} means
 * the thread keeps the normal time-sharing policy.
 *
 * @param policy  {@link #SCHED_FIFO} or {@link #SCHED_RR}
 * @param priority 1..99
 */
public record RtSetting(int policy, int priority) {

    public static final int SCHED_FIFO = 1;
    public static final int SCHED_RR = 2;
    public static final String PROPERTY = "vrrpd.rt_priority";
    public static final String ENV = "VRRPD_RT_PRIORITY";

    /** The outcome of parsing: a setting, none, or a readable reason the value was refused. */
    public record Parsed(Optional<RtSetting> setting, String problem) {
    }

    /** From the system property, else the environment. */
    public static Parsed fromEnvironment() {
        String v = System.getProperty(PROPERTY);
        String source = "-D" + PROPERTY;
        if (v == null) {
            v = System.getenv(ENV);
            source = ENV;
        }
        Parsed p = parse(v);
        return p.problem() == null ? p : new Parsed(Optional.empty(), source + ": " + p.problem());
    }

    /** Parses {@code N}, {@code rr:N} or {@code fifo:N}; never throws. */
    public static Parsed parse(String value) {
        if (value == null || value.isBlank()) {
            return new Parsed(Optional.empty(), null);
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        int policy = SCHED_RR;
        if (v.startsWith("rr:")) {
            v = v.substring(3);
        } else if (v.startsWith("fifo:")) {
            policy = SCHED_FIFO;
            v = v.substring(5);
        }
        int prio;
        try {
            prio = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return new Parsed(Optional.empty(), "'" + value + "' is not N, rr:N or fifo:N with N in 0..99");
        }
        if (prio == 0) {
            return new Parsed(Optional.empty(), null);
        }
        if (prio < 1 || prio > 99) {
            return new Parsed(Optional.empty(), "priority " + prio + " is outside 1..99");
        }
        return new Parsed(Optional.of(new RtSetting(policy, prio)), null);
    }

    public String policyName() {
        return policy == SCHED_FIFO ? "SCHED_FIFO" : "SCHED_RR";
    }
}
