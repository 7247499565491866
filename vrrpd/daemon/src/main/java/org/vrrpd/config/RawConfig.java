package org.vrrpd.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML as written, before defaults and validation: Jackson binds into these, with boxed types so an
 * omitted key stays null. Only the validators read them; everything else sees the records.
 */
final class RawConfig {

    private RawConfig() {
    }

    /** {@code global:}. */
    static final class Global {
        @JsonProperty("control_socket") String controlSocket;
        @JsonProperty("admin_group") String adminGroup;
        @JsonProperty("metrics") Metrics metrics;
        @JsonProperty("plugin_dir") String pluginDir;
        @JsonProperty("script_user") String scriptUser;
        @JsonProperty("notify_fifo") String notifyFifo;
        @JsonProperty("log_level") String logLevel;
        @JsonProperty("plugin_host") PluginHost pluginHost;
        @JsonProperty("vrrp_guard") Boolean vrrpGuard;
    }

    /** {@code global.plugin_host:}. */
    static final class PluginHost {
        @JsonProperty("heap") String heap;
        @JsonProperty("max_threads") Integer maxThreads;
        @JsonProperty("nice") Integer nice;
    }

    /** {@code global.metrics:}. */
    static final class Metrics {
        @JsonProperty("listen") String listen;
        @JsonProperty("allow_remote") Boolean allowRemote;
    }

    /** One entry of {@code instances:}. */
    static final class Instance {
        @JsonProperty("name") String name;
        @JsonProperty("interface") String interfaceName;
        @JsonProperty("vrid") Integer vrid;
        @JsonProperty("version") Integer version;
        @JsonProperty("family") String family;
        @JsonProperty("priority") Integer priority;
        @JsonProperty("advert_interval") Duration advertInterval;
        @JsonProperty("vips") List<Vip> vips;
        @JsonProperty("excluded_vips") List<Vip> excludedVips;
        @JsonProperty("preempt") Boolean preempt;
        @JsonProperty("preempt_delay") Duration preemptDelay;
        @JsonProperty("accept_mode") Boolean acceptMode;
        @JsonProperty("checksum") String checksum;
        @JsonProperty("unicast_source") String unicastSource;
        @JsonProperty("unicast_peers") List<String> unicastPeers;
        @JsonProperty("garp_master_delay") Duration garpMasterDelay;
        @JsonProperty("garp_master_repeat") Integer garpMasterRepeat;
        @JsonProperty("garp_master_refresh") Duration garpMasterRefresh;
        @JsonProperty("garp_interval") Duration garpInterval;
        @JsonProperty("garp_lower_prio_delay") Duration garpLowerPrioDelay;
        @JsonProperty("garp_lower_prio_repeat") Integer garpLowerPrioRepeat;
        @JsonProperty("garp_master_refresh_repeat") Integer garpMasterRefreshRepeat;
        @JsonProperty("fast_takeover") Boolean fastTakeover;
        @JsonProperty("step_down_announce") Boolean stepDownAnnounce;
        @JsonProperty("vmac") Boolean vmac;
        @JsonProperty("vmac_interface") String vmacInterface;
        @JsonProperty("authentication") Authentication authentication;
        @JsonProperty("preflight") Preflight preflight;
        @JsonProperty("track_interfaces") List<Track> trackInterfaces;
        @JsonProperty("track_files") List<TrackFile> trackFiles;
        @JsonProperty("track_primary") Boolean trackPrimary;
        @JsonProperty("virtual_routes") List<RouteEntry> virtualRoutes;
        @JsonProperty("virtual_rules") List<RuleEntry> virtualRules;
        @JsonProperty("notify") Argv notify;
        @JsonProperty("notify_master") Argv notifyMaster;
        @JsonProperty("notify_backup") Argv notifyBackup;
        @JsonProperty("notify_fault") Argv notifyFault;
        @JsonProperty("notify_stop") Argv notifyStop;
        /** Bound one by one to the check types, so each entry's errors are reported separately. */
        @JsonProperty("checks") List<JsonNode> checks;
    }

    /** One entry of {@code sync_groups:}. */
    static final class SyncGroup {
        @JsonProperty("name") String name;
        @JsonProperty("members") List<String> members;
        @JsonProperty("track_interfaces") List<Track> trackInterfaces;
        @JsonProperty("notify") Argv notify;
        @JsonProperty("notify_master") Argv notifyMaster;
        @JsonProperty("notify_backup") Argv notifyBackup;
        @JsonProperty("notify_fault") Argv notifyFault;
        @JsonProperty("notify_stop") Argv notifyStop;
        @JsonProperty("checks") List<JsonNode> checks;
        @JsonProperty("tracking_weight") Boolean trackingWeight;
    }

    /** {@code authentication:} of a VRRPv2 instance: {@code {type: pass, password: s3cret}} or {@code password_file}. */
    static final class Authentication {
        @JsonProperty("type") String type;
        @JsonProperty("password") String password;
        @JsonProperty("password_file") String passwordFile;
    }

    /** {@code preflight:} of an instance: {@code {listen_intervals: 3, on_incompatible: warn}}. */
    static final class Preflight {
        @JsonProperty("listen_intervals") Integer listenIntervals;
        @JsonProperty("on_incompatible") String onIncompatible;
    }

    /** A VIP: {@code 192.0.2.10/24} or {@code {address: 192.0.2.10/24, dev: eth1, label: eth1:mail}}. */
    static final class Vip {
        @JsonProperty("address") String address;
        @JsonProperty("dev") String dev;
        @JsonProperty("label") String label;

        Vip() {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Vip of(String address) {
            Vip v = new Vip();
            v.address = address;
            return v;
        }
    }

    /** A tracked interface: {@code eth1} or {@code {name: eth1, weight: -20}}. */
    static final class Track {
        @JsonProperty("name") String name;
        @JsonProperty("weight") Integer weight;

        Track() {
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Track of(String name) {
            Track t = new Track();
            t.name = name;
            return t;
        }
    }

    /** A tracked file: {@code {name: w, file: /run/vrrpd/mail.weight, weight: 10, reverse: false, init_file: 0}}. */
    static final class TrackFile {
        @JsonProperty("name") String name;
        @JsonProperty("file") String file;
        @JsonProperty("weight") Integer weight;
        @JsonProperty("reverse") Boolean reverse;
        @JsonProperty("init_file") Integer initFile;
        @JsonProperty("init_overwrite") Boolean initOverwrite;
    }

    /** A virtual route: {@code {to: 198.51.100.0/24, via: 192.0.2.254, dev: eth0, table: 100, metric: 10}}. */
    static final class RouteEntry {
        @JsonProperty("to") String to;
        @JsonProperty("via") String via;
        @JsonProperty("dev") String dev;
        @JsonProperty("table") Long table;
        @JsonProperty("metric") Long metric;
    }

    /** A virtual rule: {@code {from: 192.0.2.10/32, to: 198.51.100.0/24, table: 100, priority: 100}}. */
    static final class RuleEntry {
        @JsonProperty("from") String from;
        @JsonProperty("to") String to;
        @JsonProperty("table") Long table;
        @JsonProperty("priority") Long priority;
    }

    /** A command: a path ({@code /usr/local/bin/x}) or an argv list ({@code [/usr/local/bin/x, --flag]}). */
    static final class Argv {
        final List<String> args;

        private Argv(List<String> args) {
            this.args = args;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Argv of(JsonNode node) {
            if (node.isTextual()) {
                return new Argv(List.of(node.asText()));
            }
            if (node.isArray()) {
                ArrayList<String> list = new ArrayList<>();
                for (JsonNode n : node) {
                    if (!n.isValueNode() || n.isNull()) {
                        throw new IllegalArgumentException("a command is a path or a list of strings");
                    }
                    list.add(n.asText());
                }
                return new Argv(List.copyOf(list));
            }
            throw new IllegalArgumentException("a command is a path or a list of strings");
        }
    }
}
