package org.vrrpd.ctl;

import java.util.List;

/** Small text-rendering helpers shared by the commands. */
final class Format {

    private Format() {
    }

    /** 1234 ms → "1.2s", 75000 → "1m15s", 7200000 → "2h0m". */
    static String duration(long ms) {
        if (ms < 0) {
            return "-";
        }
        if (ms < 60_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        if (s < 86400) {
            return (s / 3600) + "h" + (s % 3600 / 60) + "m";
        }
        return (s / 86400) + "d" + (s % 86400 / 3600) + "h";
    }

    /** A text field of a reply, "" when the daemon left it out. */
    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Renders rows as columns padded to the widest cell; the first row is the header. */
    static String table(List<List<String>> rows) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i + 1 < r.size() ? String.format("%-" + width[i] + "s  ", r.get(i)) : r.get(i));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String signed(int delta) {
        return delta > 0 ? "+" + delta : Integer.toString(delta);
    }
}
