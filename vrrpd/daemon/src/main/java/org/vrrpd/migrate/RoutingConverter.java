package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a {@code vrrp_instance}'s {@code virtual_routes} and {@code virtual_rules} lines into vrrpd's
 * {@code virtual_routes} / {@code virtual_rules}: {@code [to] PREFIX [via GW] [dev IF] [table N] [metric N]} and
 * {@code [from PREFIX] [to PREFIX] table N [priority|preference|pref N]}. A line with any other option (src,
 * scope, blackhole, fwmark, ...) is skipped with a warning naming its line, so nothing changes meaning silently.
 */
final class RoutingConverter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final KeepalivedImporter im;
    private final ArrayNode routes = F.arrayNode();
    private final ArrayNode rules = F.arrayNode();

    RoutingConverter(KeepalivedImporter im) {
        this.im = im;
    }

    ArrayNode routes() {
        return routes;
    }

    ArrayNode rules() {
        return rules;
    }

    /** One line of {@code virtual_routes}. */
    void route(KeepalivedNode line) {
        List<String> w = words(line);
        ObjectNode r = F.objectNode();
        int i = 0;
        if (w.get(0).equals("to")) {
            i++;
        }
        if (i >= w.size()) {
            skip(line, "virtual_routes", "no destination");
            return;
        }
        r.put("to", w.get(i++));
        for (; i < w.size(); i += 2) {
            String key = w.get(i);
            String value = i + 1 < w.size() ? w.get(i + 1) : null;
            String mapped = switch (key) {
                case "via", "gw" -> "via";
                case "dev" -> "dev";
                case "table" -> "table";
                case "metric", "preference", "priority" -> "metric";
                default -> null;
            };
            if (mapped == null || value == null) {
                skip(line, "virtual_routes", "option '" + key + "' is not supported");
                return;
            }
            if (!put(r, mapped, value, line, "virtual_routes")) {
                return;
            }
        }
        if (r.path("to").asText().equals("default")) { // ip route's word for the whole family
            r.put("to", r.path("via").asText().contains(":") ? "::/0" : "0.0.0.0/0");
        }
        routes.add(r);
    }

    /** One line of {@code virtual_rules}. */
    void rule(KeepalivedNode line) {
        List<String> w = words(line);
        ObjectNode r = F.objectNode();
        for (int i = 0; i < w.size(); i += 2) {
            String key = w.get(i);
            String value = i + 1 < w.size() ? w.get(i + 1) : null;
            String mapped = switch (key) {
                case "from" -> "from";
                case "to" -> "to";
                case "table", "lookup" -> "table";
                case "priority", "preference", "pref" -> "priority";
                default -> null;
            };
            if (mapped == null || value == null) {
                skip(line, "virtual_rules", "option '" + key + "' is not supported");
                return;
            }
            if (!(mapped.equals("from") && value.equals("all")) && !put(r, mapped, value, line, "virtual_rules")) {
                return;
            }
        }
        if (!r.has("table")) {
            skip(line, "virtual_rules", "no table");
            return;
        }
        rules.add(r);
    }

    private boolean put(ObjectNode r, String key, String value, KeepalivedNode line, String block) {
        if (key.equals("table") || key.equals("metric") || key.equals("priority")) {
            try {
                r.put(key, Long.parseLong(value));
            } catch (NumberFormatException e) {
                skip(line, block, key + " '" + value + "' is not a number (named tables are not supported)");
                return false;
            }
        } else {
            r.put(key, value);
        }
        return true;
    }

    private void skip(KeepalivedNode line, String block, String why) {
        im.warn(line, block + " line '" + line.text() + "' not carried over: " + why + "; vrrpd knows [to] PREFIX,"
                + (block.equals("virtual_routes") ? " via, dev, table, metric" : " from, to, table, priority")
                + ". Add it in a notify_master script instead");
    }

    private static List<String> words(KeepalivedNode line) {
        List<String> w = new ArrayList<>();
        w.add(line.keyword());
        w.addAll(line.args());
        return w;
    }
}
