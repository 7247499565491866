package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * keepalived's less common VRRP keywords of a {@code vrrp_instance} and of {@code global_defs}: each is mapped
 * to its vrrpd setting or refused with one warning naming {@code file:line} and why vrrpd differs.
 */
final class KeywordConverter {

    private static final String LOWER_PRIO = "vrrpd re-announces its VIPs (garp_master_repeat messages, again"
            + " after garp_master_delay) when it sees a lower-priority advert while Master, at most once a second;"
            + " the separate delay and count are not configurable";
    private static final String REFRESH_REPEAT = "vrrpd sends one gratuitous ARP/NA per VIP at each"
            + " garp_master_refresh; the count is not configurable";

    private final KeepalivedImporter im;
    private final TrackConverter track;
    private final RoutingConverter routing;
    private boolean dontTrackPrimary;
    private KeepalivedNode mcastSource;

    KeywordConverter(KeepalivedImporter im, TrackConverter track) {
        this.im = im;
        this.track = track;
        this.routing = new RoutingConverter(im);
    }

    /** A {@code global_defs} keyword; false when it is not one of these. */
    static boolean global(KeepalivedImporter im, KeepalivedNode n) {
        switch (n.keyword()) {
            case "vrrp_garp_lower_prio_delay":
            case "vrrp_garp_lower_prio_repeat":
                im.warn(n, "'" + n.keyword() + "' not carried over: " + LOWER_PRIO);
                return true;
            case "vrrp_garp_master_refresh_repeat":
                im.warn(n, "'" + n.keyword() + "' not carried over: " + REFRESH_REPEAT);
                return true;
            default:
                return false;
        }
    }

    /** A {@code vrrp_instance} keyword; false when it is not one of these. */
    boolean statement(KeepalivedNode c, String instance) {
        switch (c.keyword()) {
            case "track_process":
                c.children().forEach(track::trackProcess);
                return true;
            case "track_file":
                c.children().forEach(track::trackFile);
                return true;
            case "dont_track_primary":
                dontTrackPrimary = true;
                return true;
            case "mcast_src_ip":
                mcastSource = c;
                return true;
            case "unicast_ttl":
                im.warn(c, "unicast_ttl " + c.arg(0) + " not carried over: vrrpd sends unicast adverts with TTL"
                        + " 255 (RFC 9568), which keepalived accepts (unicast_peer min_ttl/max_ttl default to"
                        + " 0..255) and vrrpd accepts any TTL on unicast");
                return true;
            case "garp_lower_prio_delay":
            case "garp_lower_prio_repeat":
                im.warn(c, "'" + c.keyword() + "' not carried over: " + LOWER_PRIO);
                return true;
            case "garp_master_refresh_repeat":
                im.warn(c, "'" + c.keyword() + "' not carried over: " + REFRESH_REPEAT);
                return true;
            case "virtual_routes":
                c.children().forEach(routing::route);
                return true;
            case "virtual_rules":
                c.children().forEach(routing::rule);
                return true;
            default:
                return false;
        }
    }

    /** Writes what the keywords mapped into the converted instance {@code n}. */
    void apply(ObjectNode n) {
        if (mcastSource != null && mcastSource.arg(0) != null) {
            if (n.has("unicast_source")) {
                im.warn(mcastSource, "mcast_src_ip " + mcastSource.arg(0) + " ignored: unicast_src_ip is set too");
            } else {
                n.put("unicast_source", mcastSource.arg(0)); // vrrpd sends multicast adverts from unicast_source
            }
        }
        if (dontTrackPrimary) {
            n.put("track_primary", false);
        }
        if (!track.files().isEmpty()) {
            n.set("track_files", track.files());
        }
        if (!routing.routes().isEmpty()) {
            n.set("virtual_routes", routing.routes());
        }
        if (!routing.rules().isEmpty()) {
            n.set("virtual_rules", routing.rules());
        }
    }
}
