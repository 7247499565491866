package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Converts one {@code vrrp_instance} block; warnings go to the importer. */
final class InstanceConverter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern ADDRESS = Pattern.compile(
            "(\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?)(/\\d{1,3})?");

    private final KeepalivedImporter im;
    private final KeepalivedNode block;
    private final Map<String, Object> out = new LinkedHashMap<>();
    private final ArrayNode vips = F.arrayNode();
    private final ArrayNode excluded = F.arrayNode();
    private final TrackConverter track;
    private final KeywordConverter keywords;
    private final ArrayNode peers = F.arrayNode();
    private Integer version;
    private String advertInt;
    private KeepalivedNode advertNode;
    private boolean nopreempt;
    private Boolean accept;
    private int priority = 100;
    private boolean ipv6;
    private KeepalivedNode useVmac;
    private KeepalivedNode authentication;

    InstanceConverter(KeepalivedImporter im, KeepalivedNode block) {
        this.im = im;
        this.block = block;
        this.track = new TrackConverter(im);
        this.keywords = new KeywordConverter(im, track);
    }

    /** {@code use_vmac [NAME [MAC]]}: {@code vmac: true} and {@code vmac_interface}. */
    private void vmac(ObjectNode n, String name) {
        if (useVmac == null) {
            return;
        }
        n.put("vmac", true);
        String ifname = useVmac.arg(0);
        if (ifname != null) {
            n.put("vmac_interface", ifname);
        }
        if (useVmac.arg(1) != null) {
            im.warn(useVmac, "use_vmac MAC '" + useVmac.arg(1) + "' not carried over: vrrpd always uses the RFC's"
                    + " virtual MAC 00:00:5e:00:01:{vrid} (IPv6: 00:00:5e:00:02:{vrid})");
        }
    }

    ObjectNode convert() {
        String name = block.arg(0);
        if (name == null) {
            im.warn(block, "vrrp_instance without a name skipped");
            return null;
        }
        if (!NAME.matcher(name).matches()) {
            String fixed = name.replaceAll("[^A-Za-z0-9_.-]", "_");
            if (fixed.isEmpty() || !Character.isLetterOrDigit(fixed.charAt(0))) {
                fixed = "i" + fixed;
            }
            fixed = fixed.length() > 64 ? fixed.substring(0, 64) : fixed;
            im.warn(block, "instance name '" + name + "' renamed to '" + fixed + "' (letters, digits, _ . -)");
            name = fixed;
        }
        ObjectNode n = F.objectNode();
        n.put("name", name);
        for (KeepalivedNode c : block.children()) {
            statement(c);
        }
        ipv6 = !vips.isEmpty() && address(vips.get(0)).contains(":");
        if (out.containsKey("interface")) {
            n.put("interface", (String) out.get("interface"));
        } else {
            im.warn(block, "instance " + name + " has no interface");
        }
        if (out.containsKey("vrid")) {
            n.put("vrid", (Integer) out.get("vrid"));
        } else {
            im.warn(block, "instance " + name + " has no virtual_router_id");
        }
        int v = version != null ? version : im.defaults.version;
        if (ipv6 && v == 2) {
            im.warn(block, "instance " + name + " is IPv6, which keepalived always runs as VRRPv3: version 3");
            v = 3;
        }
        n.put("version", v);
        n.put("priority", priority);
        if (advertInt != null) {
            n.put("advert_interval", advertInterval(advertInt, v));
        }
        if (ipv6 && !isLinkLocal(address(vips.get(0)))) {
            String ll = "fe80::" + Integer.toHexString(0x100 + (Integer) out.getOrDefault("vrid", 1)).substring(1)
                    + ":5e/64";
            vips.insert(0, ll);
            im.warn(block, "instance " + name + " is IPv6: inserted the link-local VIP " + ll + " first (RFC 9568"
                    + " §5.2.9; vrrpd peers drop adverts without it). Use the same one on every router of the"
                    + " instance");
        }
        if (!vips.isEmpty()) {
            n.set("vips", vips);
        }
        if (!excluded.isEmpty()) {
            n.set("excluded_vips", excluded);
        }
        if (nopreempt) {
            if (priority == 255) {
                im.warn(block, "nopreempt ignored: an address owner (priority 255) always preempts");
            } else {
                n.put("preempt", false);
            }
        }
        copy(n, "preempt_delay");
        vmac(n, name);
        boolean acceptMode = accept != null ? accept : !im.defaults.strict;
        n.put("accept_mode", acceptMode);
        if (authentication != null) {
            AuthenticationConverter.convert(im, authentication, v).ifPresent(a -> n.set("authentication", a));
        }
        copy(n, "unicast_source");
        if (!peers.isEmpty()) {
            n.set("unicast_peers", peers);
        }
        Map<String, String> garp = new LinkedHashMap<>(im.defaults.garp);
        for (String k : List.of("garp_master_delay", "garp_master_repeat", "garp_master_refresh")) {
            if (out.containsKey(k)) {
                garp.put(k, (String) out.get(k));
            }
        }
        garp.forEach((k, val) -> {
            if (k.equals("garp_master_repeat")) {
                n.put(k, Integer.parseInt(val));
            } else {
                n.put(k, val);
            }
        });
        if (!track.interfaces().isEmpty()) {
            n.set("track_interfaces", track.interfaces());
        }
        for (String k : List.of("notify", "notify_master", "notify_backup", "notify_fault", "notify_stop")) {
            if (out.containsKey(k)) {
                n.set(k, (ArrayNode) out.get(k));
            }
        }
        if (!track.checks().isEmpty()) {
            n.set("checks", track.checks());
        }
        keywords.apply(n);
        return n;
    }

    private void copy(ObjectNode n, String key) {
        if (out.containsKey(key)) {
            n.put(key, (String) out.get(key));
        }
    }

    private void statement(KeepalivedNode c) {
        String a0 = c.arg(0);
        switch (c.keyword()) {
            case "interface":
                out.put("interface", a0);
                break;
            case "virtual_router_id":
                integer(c).ifPresent(i -> out.put("vrid", i));
                break;
            case "priority":
                integer(c).ifPresent(i -> priority = i);
                break;
            case "advert_int":
                advertInt = a0;
                advertNode = c;
                break;
            case "version":
                integer(c).ifPresent(i -> version = i);
                break;
            case "nopreempt":
                nopreempt = true;
                break;
            case "preempt":
                break;
            case "preempt_delay":
                out.put("preempt_delay", seconds(a0));
                break;
            case "accept":
                accept = true;
                break;
            case "no_accept":
                accept = false;
                break;
            case "state":
                im.states.add(c); // one summary line for all of them
                break;
            case "authentication":
                authentication = c;
                break;
            case "use_vmac":
                useVmac = c;
                break;
            case "vmac_xmit_base":
                im.warn(c, "'vmac_xmit_base' not carried over: with vmac, vrrpd sends and receives adverts on the"
                        + " virtual MAC interface");
                break;
            case "use_ipvlan":
                im.warn(c, "'" + c.keyword() + "' not carried over: vrrpd puts VIPs on the interface itself");
                break;
            case "virtual_ipaddress":
                c.children().forEach(v -> vip(v, vips));
                break;
            case "virtual_ipaddress_excluded":
                c.children().forEach(v -> vip(v, excluded));
                break;
            case "unicast_src_ip":
                out.put("unicast_source", withoutPrefix(c, a0));
                break;
            case "unicast_peer":
                for (KeepalivedNode p : c.children()) {
                    if (!isAddress(p.keyword())) {
                        im.error(p, "unicast_peer '" + p.keyword() + "' is not an IP address (keepalived refuses it"
                                + " too; a template placeholder?)");
                        continue;
                    }
                    peers.add(withoutPrefix(p, p.keyword()));
                    if (!p.args().isEmpty()) {
                        im.warn(p, "unicast_peer options '" + String.join(" ", p.args()) + "' not carried over");
                    }
                }
                break;
            case "track_interface":
                c.children().forEach(track::trackInterface);
                break;
            case "track_script":
                c.children().forEach(track::trackScript);
                break;
            case "notify":
            case "notify_master":
            case "notify_backup":
            case "notify_fault":
            case "notify_stop":
                notifyScript(c);
                break;
            case "garp_master_delay":
            case "garp_master_refresh":
                out.put(c.keyword(), seconds(a0));
                break;
            case "garp_master_repeat":
                out.put(c.keyword(), a0);
                break;
            default:
                if (!keywords.statement(c, block.arg(0))) {
                    im.unsupported(c, "vrrp_instance " + block.arg(0));
                }
        }
    }

    /** keepalived reads a unicast address written with a /prefix as the address alone: so does the importer. */
    private String withoutPrefix(KeepalivedNode c, String address) {
        if (address == null || address.indexOf('/') < 0) {
            return address;
        }
        String bare = address.substring(0, address.indexOf('/'));
        im.warn(c, "'" + address + "': prefix dropped, as keepalived does: " + bare);
        return bare;
    }

    private Optional<Integer> integer(KeepalivedNode c) {
        try {
            return Optional.of(Integer.parseInt(c.arg(0)));
        } catch (NumberFormatException | NullPointerException e) {
            im.warn(c, "'" + c.text() + "': not a number, ignored");
            return Optional.empty();
        }
    }

    private void vip(KeepalivedNode v, ArrayNode into) {
        if (!isAddress(v.keyword())) {
            im.error(v, "'" + v.keyword() + "' is not an IP address (keepalived refuses it too; a template"
                    + " placeholder?)");
            return;
        }
        String dev = null;
        String label = null;
        List<String> rest = new ArrayList<>();
        List<String> args = v.args();
        for (int i = 0; i < args.size(); i++) {
            String k = args.get(i);
            if (k.equals("dev") && i + 1 < args.size()) {
                dev = args.get(++i);
            } else if (k.equals("label") && i + 1 < args.size()) {
                label = args.get(++i);
            } else {
                rest.add(k);
            }
        }
        if (!rest.isEmpty()) {
            im.warn(v, "virtual_ipaddress options '" + String.join(" ", rest) + "' not carried over");
        }
        if (dev == null && label == null) {
            into.add(v.keyword());
        } else {
            ObjectNode o = into.addObject();
            o.put("address", v.keyword());
            if (dev != null) {
                o.put("dev", dev);
            }
            if (label != null) {
                o.put("label", label);
            }
        }
    }

    /** An IPv4 or IPv6 literal, perhaps with a /prefix (checked in full by the configuration loader). */
    static boolean isAddress(String text) {
        return ADDRESS.matcher(text).matches();
    }

    private static String address(JsonNode vip) {
        return vip.isTextual() ? vip.asText() : vip.path("address").asText();
    }

    private static boolean isLinkLocal(String addr) {
        return addr.toLowerCase().startsWith("fe80:");
    }

    private void notifyScript(KeepalivedNode c) {
        if (c.arg(0) == null) {
            im.warn(c, c.keyword() + " without a script ignored");
            return;
        }
        if (out.containsKey(c.keyword())) {
            im.warn(c, "second " + c.keyword() + " ignored: keepalived keeps the first one of an instance (and"
                    + " reports this one as an error)");
            return;
        }
        ArrayNode argv = ScriptCommand.notifyArgv(im, c);
        if (c.args().size() > 1) {
            im.warn(c, c.keyword() + ": per-script user '" + String.join(" ", c.args().subList(1, c.args().size()))
                    + "' not carried over; notify scripts run as global script_user");
        }
        out.put(c.keyword(), argv);
    }

    private String advertInterval(String text, int v) {
        BigDecimal secs;
        try {
            secs = new BigDecimal(text);
        } catch (NumberFormatException e) {
            im.warn(advertNode, "advert_int '" + text + "' is not a number; using 1s");
            return "1s";
        }
        if (v == 2 && secs.stripTrailingZeros().scale() > 0) {
            BigDecimal whole = secs.setScale(0, RoundingMode.HALF_UP).max(BigDecimal.ONE);
            im.warn(advertNode, "advert_int " + text + " rounded to " + whole + "s: VRRPv2 counts whole seconds");
            secs = whole;
        }
        return durationOf(secs);
    }

    /** keepalived's seconds (possibly fractional) as a vrrpd duration: {@code 1s}, {@code 500ms}. */
    static String seconds(String text) {
        if (text == null) {
            return "0s";
        }
        try {
            return durationOf(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static String durationOf(BigDecimal secs) {
        BigDecimal ms = secs.movePointRight(3).setScale(0, RoundingMode.HALF_UP);
        return ms.remainder(BigDecimal.valueOf(1000)).signum() == 0 ? ms.divide(BigDecimal.valueOf(1000))
                .toBigInteger() + "s" : ms.toBigInteger() + "ms";
    }
}
