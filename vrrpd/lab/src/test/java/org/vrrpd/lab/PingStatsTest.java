package org.vrrpd.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PingStatsTest {

    @Test
    void of_shouldCountUnansweredRequests_andTheLongestRunOfThem() {
        String out = """
                PING 192.0.2.100 (192.0.2.100) 56(84) bytes of data.
                64 bytes from 192.0.2.100: icmp_seq=1 ttl=64 time=0.1 ms
                64 bytes from 192.0.2.100: icmp_seq=4 ttl=64 time=0.1 ms
                64 bytes from 192.0.2.100: icmp_seq=6 ttl=64 time=0.1 ms

                --- 192.0.2.100 ping statistics ---
                7 packets transmitted, 3 received, 57% packet loss, time 300ms
                """;
        assertEquals(new PingStats(7, 4, 2), PingStats.of(out));
    }

    @Test
    void of_shouldReadIpv6Replies_andCountDuplicatesOnce() {
        String out = """
                64 bytes from 2001:db8::100: icmp_seq=1 ttl=64 time=0.1 ms
                64 bytes from 2001:db8::100: icmp_seq=2 ttl=64 time=0.1 ms
                64 bytes from 2001:db8::100: icmp_seq=2 ttl=64 time=0.1 ms (DUP!)
                3 packets transmitted, 2 received, +1 duplicates, 33% packet loss, time 100ms
                """;
        assertEquals(new PingStats(3, 1, 1), PingStats.of(out));
    }

    @Test
    void of_shouldCountNothingSent_whenTheSummaryIsMissing() {
        assertEquals(new PingStats(0, 0, 0), PingStats.of("64 bytes from 192.0.2.1: icmp_seq=1 ttl=64\n"));
    }
}
