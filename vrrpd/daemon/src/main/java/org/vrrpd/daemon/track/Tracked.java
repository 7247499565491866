package org.vrrpd.daemon.track;

import java.util.Objects;

/**
 * The state of one thing an instance tracks, as reported to its {@link Tracker} (keepalived's {@code vrrp_track}
 * objects): a check, a tracked interface, the instance's own interface, maintenance, or a sync-group member.
 * Every kind reaches the priority through the same weight rule (see {@link Tracker}).
 *
 * @param kind    what is tracked
 * @param name    its name: the check's, the interface's, the sync-group member's; {@code maintenance} for
 *                maintenance
 * @param weight  keepalived's weight, -253..253: positive adds while up, negative subtracts while down, 0 puts
 *                the instance into Fault while down
 * @param up      its state (a check's after rise/fall; maintenance is "up" while off)
 * @param message what it last said, for display and the fault reason; may be empty
 */
public record Tracked(Kind kind, String name, int weight, boolean up, String message) {

    /** What is tracked, in the order the breakdown and the fault reasons list them. */
    public enum Kind {
        /** The instance's own interface: weight 0, Fault while its link is down. */
        LINK,
        /** Maintenance mode ({@code vrrpctl maintenance on}): weight 0, Fault while on. */
        MAINTENANCE,
        /** A health check. */
        CHECK,
        /** A tracked interface ({@code track_interfaces}). */
        INTERFACE,
        /** A member of the instance's sync group (keepalived requires weight 0: Fault while it is down). */
        SYNC_MEMBER,
        /**
         * A tracked file ({@code track_files}): {@link #weight} holds the points its value gives (the value times
         * the configured weight, see {@link TrackFileValue}); down (weight 0) while the value means Fault.
         */
        FILE,
        /**
         * The instance's advert source: weight 0, Fault while its interface has no address to send adverts from
         * (an IPv6 link-local address still tentative when the daemon starts). Reported only while missing.
         */
        SOURCE
    }

    /** How a tracked interface's source is named in the breakdown and in {@code vrrpctl checks}. */
    public static final String INTERFACE_PREFIX = "track:";

    /** How a tracked file's source is named in the breakdown and in {@code vrrpctl checks}. */
    public static final String FILE_PREFIX = "file:";

    public Tracked {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("weight must be -253..253, got " + weight);
        }
    }

    /** A health check's state after rise/fall. */
    public static Tracked check(String name, int weight, boolean up, String message) {
        return new Tracked(Kind.CHECK, name, weight, up, message);
    }

    /** A tracked interface's link (up and running). */
    public static Tracked trackedInterface(String ifname, int weight, boolean up) {
        return new Tracked(Kind.INTERFACE, ifname, weight, up, up ? "link up" : "link down");
    }

    /** The instance's own interface's link. */
    public static Tracked link(String ifname, boolean up) {
        return new Tracked(Kind.LINK, ifname, 0, up, up ? "link up" : "link down");
    }

    /** The instance's interface has no address to advertise from: {@code missing} says which one. */
    public static Tracked noSource(String ifname, String missing) {
        return new Tracked(Kind.SOURCE, ifname, 0, false, missing);
    }

    /** Maintenance mode on or off. */
    public static Tracked maintenance(boolean on) {
        return new Tracked(Kind.MAINTENANCE, "maintenance", 0, !on, on ? "maintenance mode" : "");
    }

    /** A sync-group member's state: up unless it is in Fault. */
    public static Tracked syncMember(String instance, int weight, boolean up) {
        return new Tracked(Kind.SYNC_MEMBER, instance, weight, up, up ? "" : "in Fault");
    }

    /**
     * A tracked file: {@code points} (-253..253) added while its value does not mean Fault; {@code fault} puts
     * the instance into Fault. {@code message} says what the file holds.
     */
    public static Tracked file(String name, int points, boolean fault, String message) {
        return fault ? new Tracked(Kind.FILE, name, 0, false, message) : new Tracked(Kind.FILE, name, points, true,
                message);
    }

    /**
     * The fault source: how this thing is named in the breakdown, unique within an instance. A check by its
     * name, a tracked interface {@code track:<interface>}, the own link {@code link}, maintenance
     * {@code maintenance}, a sync-group member {@code sync:<instance>}, a tracked file {@code file:<name>}, a
     * missing advert source {@code source}.
     */
    public String source() {
        return switch (kind) {
            case LINK -> "link";
            case MAINTENANCE -> "maintenance";
            case CHECK -> name;
            case INTERFACE -> INTERFACE_PREFIX + name;
            case SYNC_MEMBER -> "sync:" + name;
            case FILE -> FILE_PREFIX + name;
            case SOURCE -> "source";
        };
    }

    /** Why the instance is in Fault while this weight-0 thing is down, as {@code vrrpctl status} shows it. */
    public String faultReason() {
        return switch (kind) {
            case LINK -> "interface " + name + " is down";
            case MAINTENANCE -> "maintenance mode";
            case CHECK -> "check '" + name + "' is down" + (message.isEmpty() ? "" : ": " + message);
            case INTERFACE -> "tracked interface " + name + " is down";
            case SYNC_MEMBER -> "sync group member " + name + " is in Fault";
            case FILE -> "tracked file '" + name + "' " + message;
            case SOURCE -> "interface " + name + " has no " + message + " to send adverts from";
        };
    }
}
