package org.vrrpd.lab;

import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client's {@code ping -i} run saw, read from its output: echo requests sent, requests never answered, and
 * the longest run of consecutive unanswered sequence numbers (the client's longest outage, in pings).
 *
 * @param sent          "N packets transmitted"
 * @param lost          requests in 1..sent without a reply line
 * @param longestLosses the longest run of consecutive unanswered requests
 */
public record PingStats(int sent, int lost, int longestLosses) {

    private static final Pattern SENT = Pattern.compile("(\\d+) packets transmitted");
    private static final Pattern REPLY = Pattern.compile("bytes from [0-9a-f.:]+: icmp_seq=(\\d+)");

    /** Parses ping's output (IPv4 or IPv6 replies); a run without its summary line counts 0 sent. */
    public static PingStats of(String pingOutput) {
        Matcher sent = SENT.matcher(pingOutput);
        int count = sent.find() ? Integer.parseInt(sent.group(1)) : 0;
        TreeSet<Integer> answered = new TreeSet<>();
        Matcher m = REPLY.matcher(pingOutput);
        while (m.find()) {
            answered.add(Integer.parseInt(m.group(1)));
        }
        int longest = 0;
        int run = 0;
        for (int seq = 1; seq <= count; seq++) {
            run = answered.contains(seq) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        int lost = count - (int) answered.stream().filter(s -> s >= 1 && s <= count).count();
        return new PingStats(count, lost, longest);
    }
}
