package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * keepalived's less common VRRP keywords of a {@code vrrp_instance} and of {@code global_defs}: each is mapped
 * to its vrrpd setting or refused with one warning naming {@code file:line} and why vrrpd differs.
 */
final class KeywordConverter {

    private static final Set<String> INTEGERS = Set.of("garp_lower_prio_repeat", "garp_master_refresh_repeat");

    private final KeepalivedImporter im;
    private final TrackConverter track;
    private final RoutingConverter routing;
    private boolean dontTrackPrimary;
    private KeepalivedNode mcastSource;
    private final Map<String, String> garp = new LinkedHashMap<>();

    KeywordConverter(KeepalivedImporter im, TrackConverter track) {
        this.im = im;
        this.track = track;
        this.routing = new RoutingConverter(im);
    }

    /** A {@code global_defs} keyword; false when it is not one of these. */
    static boolean global(KeepalivedImporter im, KeepalivedNode n) {
        switch (n.keyword()) {
            case "vrrp_garp_lower_prio_delay":
                im.defaults.garp.put("garp_lower_prio_delay", InstanceConverter.seconds(n.arg(0)));
                return true;
            case "vrrp_garp_lower_prio_repeat":
                im.defaults.garp.put("garp_lower_prio_repeat", n.arg(0));
                return true;
            case "vrrp_garp_master_refresh_repeat":
                im.defaults.garp.put("garp_master_refresh_repeat", n.arg(0));
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
                garp.put(c.keyword(), InstanceConverter.seconds(c.arg(0)));
                return true;
            case "garp_lower_prio_repeat":
            case "garp_master_refresh_repeat":
                garp.put(c.keyword(), c.arg(0));
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
        for (String k : List.of("garp_lower_prio_delay", "garp_lower_prio_repeat", "garp_master_refresh_repeat")) {
            String v = garp.getOrDefault(k, im.defaults.garp.get(k)); // the instance's, else global_defs'
            if (v == null) {
                n.remove(k);
            } else if (INTEGERS.contains(k)) {
                try {
                    n.put(k, Integer.parseInt(v)); // over the text InstanceConverter copied from global_defs
                } catch (NumberFormatException e) {
                    n.put(k, v); // the loader reports it at its line
                }
            } else {
                n.put(k, v);
            }
        }
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
