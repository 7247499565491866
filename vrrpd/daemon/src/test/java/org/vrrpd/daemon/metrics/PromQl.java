package org.vrrpd.daemon.metrics;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL for the monitoring tests: the metric names an expression reads, and the names the daemon
 * exports (from a rendered sample, so a renamed family breaks the rules and the dashboard in the build).
 */
final class PromQl {

    /** Functions, aggregations and keywords of PromQL: every other identifier outside braces is a metric name. */
    private static final Set<String> WORDS = Set.of("abs", "absent", "absent_over_time", "avg", "avg_over_time",
            "bool", "bottomk", "by", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "count",
            "count_over_time", "count_values", "delta", "deriv", "exp", "floor", "group", "group_left",
            "group_right", "histogram_quantile", "holt_winters", "idelta", "ignoring", "increase", "irate",
            "label_join", "label_replace", "last_over_time", "ln", "log2", "log10", "max", "max_over_time", "min",
            "min_over_time", "offset", "on", "or", "and", "unless", "predict_linear", "quantile",
            "quantile_over_time", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sqrt",
            "stddev", "stddev_over_time", "stdvar", "sum", "sum_over_time", "time", "timestamp", "topk", "vector",
            "without", "inf", "nan");
    private static final Pattern STRINGS = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern LABEL_LISTS = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQl() {
    }

    /** The metric names {@code expr} reads; Grafana variables ({@code $job}, {@code $__rate_interval}) are ignored. */
    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        s = LABEL_LISTS.matcher(s).replaceAll("$1");
        s = s.replaceAll("\\$\\{[^}]*}|\\$\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!WORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** Every series name the daemon's endpoint can return: each family, and a histogram's three series. */
    static Set<String> exported() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : MetricsRendererTest.sample().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                if (f[3].equals("histogram")) {
                    names.add(f[2] + "_bucket");
                    names.add(f[2] + "_sum");
                    names.add(f[2] + "_count");
                } else {
                    names.add(f[2]);
                }
            }
        }
        return names;
    }
}
