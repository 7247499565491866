package org.vrrpd.daemon.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small writer for the Prometheus text exposition format 0.0.4: one HELP and TYPE per family, every sample
 * of a family together, label values escaped. Families are written in the order they were first declared.
 */
final class TextExposition {

    private record Family(String name, String type, String help, List<String> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a family (idempotent), so it appears even with no samples. */
    TextExposition family(String name, String type, String help) {
        families.computeIfAbsent(name, n -> new Family(n, type, help, new ArrayList<>()));
        return this;
    }

    /** One sample of a declared family; {@code labels} alternate name, value. */
    TextExposition sample(String family, String suffix, double value, String... labels) {
        Family f = families.get(family);
        if (f == null) {
            throw new IllegalStateException("undeclared metric family " + family);
        }
        StringBuilder b = new StringBuilder(family).append(suffix);
        if (labels.length > 0) {
            b.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            b.append('}');
        }
        b.append(' ').append(number(value));
        f.samples().add(b.toString());
        return this;
    }

    TextExposition sample(String family, double value, String... labels) {
        return sample(family, "", value, labels);
    }

    String render() {
        StringBuilder b = new StringBuilder();
        for (Family f : families.values()) {
            b.append("# HELP ").append(f.name()).append(' ').append(f.help().replace("\\", "\\\\")
                    .replace("\n", "\\n")).append('\n');
            b.append("# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            for (String s : f.samples()) {
                b.append(s).append('\n');
            }
        }
        return b.toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
