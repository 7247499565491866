package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Converts a {@code vrrp_sync_group} block into a {@code sync_groups:} entry: {@code group { ... }} to
 * {@code members}, {@code notify*} to the group's scripts, {@code track_interface} and {@code track_script} to the
 * group's {@code track_interfaces} and {@code checks}, {@code sync_group_tracking_weight} to
 * {@code tracking_weight: true}. A member whose IPv6 VIPs the importer split off into {@code NAME_6} brings that
 * instance along. What has no equivalent is warned about with its {@code file:line}.
 */
final class SyncGroupConverter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> NOTIFY = List.of("notify", "notify_master", "notify_backup", "notify_fault",
            "notify_stop");

    private final KeepalivedImporter im;
    private final KeepalivedNode block;

    SyncGroupConverter(KeepalivedImporter im, KeepalivedNode block) {
        this.im = im;
        this.block = block;
    }

    /**
     * The entry, or null (with a warning) when the group has no name or no converted member.
     *
     * @param instances the names of the instances the importer converted
     * @param taken     instances already in an earlier group (an instance belongs to one group, as in keepalived);
     *                  the members of this group are added to it
     */
    ObjectNode convert(Set<String> instances, Set<String> taken) {
        String name = block.arg(0);
        if (name == null) {
            im.warn(block, "vrrp_sync_group without a name ignored");
            return null;
        }
        ObjectNode out = F.objectNode();
        out.put("name", name);
        ArrayNode members = out.putArray("members");
        TrackConverter track = new TrackConverter(im);
        for (KeepalivedNode c : block.children()) {
            switch (c.keyword()) {
                case "group" -> c.children().forEach(m -> member(m, instances, taken, members));
                case "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop" -> notify(c, out);
                case "track_interface" -> c.children().forEach(track::trackInterface);
                case "track_script" -> c.children().forEach(track::trackScript);
                case "sync_group_tracking_weight" -> out.put("tracking_weight", true);
                case "global_tracking" -> im.warn(c, "global_tracking is keepalived's old spelling of"
                        + " sync_group_tracking_weight; converted as tracking_weight: true");
                default -> im.unsupported(c, "vrrp_sync_group " + name);
            }
            if (c.keyword().equals("global_tracking")) {
                out.put("tracking_weight", true);
            }
        }
        if (!track.interfaces().isEmpty()) {
            out.set("track_interfaces", track.interfaces());
        }
        if (!track.checks().isEmpty()) {
            out.set("checks", track.checks());
        }
        if (members.isEmpty()) {
            im.warn(block, "vrrp_sync_group " + name + " has no converted member; not carried over");
            return null;
        }
        if (members.size() == 1) {
            im.warn(block, "vrrp_sync_group " + name + " has a single member (keepalived drops such a group);"
                    + " kept, it only runs the group's notify scripts");
        }
        return reorder(out);
    }

    private void member(KeepalivedNode m, Set<String> instances, Set<String> taken, ArrayNode members) {
        String name = m.keyword();
        for (String candidate : List.of(name, name + FamilySplit.SUFFIX)) {
            if (!instances.contains(candidate)) {
                if (candidate.equals(name)) {
                    im.warn(m, "sync group member " + name + ": no converted vrrp_instance of that name; left out");
                }
                continue;
            }
            if (!taken.add(candidate)) {
                im.warn(m, "instance " + candidate + " is already in another vrrp_sync_group; keepalived ignores"
                        + " it here, and so does the converted file");
                continue;
            }
            members.add(candidate);
        }
    }

    private void notify(KeepalivedNode c, ObjectNode out) {
        if (c.arg(0) == null) {
            im.warn(c, c.keyword() + " without a script ignored");
            return;
        }
        ArrayNode argv = ScriptCommand.notifyArgv(im, c);
        if (c.args().size() > 1) {
            im.warn(c, c.keyword() + ": per-script user not carried over; notify scripts run as global script_user");
        }
        out.set(c.keyword(), argv);
    }

    /** The keys in the agreed order: name, members, notify scripts, track_interfaces, checks, tracking_weight. */
    private static ObjectNode reorder(ObjectNode in) {
        ObjectNode out = F.objectNode();
        for (String k : List.of("name", "members")) {
            out.set(k, in.get(k));
        }
        for (String k : NOTIFY) {
            if (in.has(k)) {
                out.set(k, in.get(k));
            }
        }
        for (String k : List.of("track_interfaces", "checks", "tracking_weight")) {
            if (in.has(k)) {
                out.set(k, in.get(k));
            }
        }
        return out;
    }
}
