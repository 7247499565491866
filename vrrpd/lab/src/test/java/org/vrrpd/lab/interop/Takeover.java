package org.vrrpd.lab.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;

/**
 * A takeover measured on the wire: from the old Master's priority-0 advert (graceful) or its last advert
 * (crash) to the new Master's first advert, with capture timestamps.
 */
record Takeover(String what, double ms, double expectedMs) {

    /** After a graceful stop of router {@code from} at or after {@code since}: priority 0 → first advert of {@code to}. */
    static Takeover graceful(Routers p, int from, int to, long since, double skewMs) {
        Pcap.Frame zero = p.priorityZeroFrom(from, since);
        Pcap.Frame first = Poll.untilValue(() -> p.advertsFrom(to).stream()
                .filter(f -> f.micros() >= zero.micros() && f.vrrpPriority() > 0).findFirst().orElse(null),
                "first advert from r" + to + " after r" + from + "'s priority 0");
        return new Takeover("priority 0 -> new master's first advert", (first.micros() - zero.micros()) / 1000.0,
                skewMs);
    }

    /** After router {@code from} crashed at or after {@code since}: its last advert → first advert of {@code to}. */
    static Takeover crash(Routers p, int from, int to, long since, double masterDownMs) throws IOException {
        Pcap.Frame first = Poll.untilValue(() -> p.firstAdvertFrom(to, since).orElse(null),
                "first advert from r" + to + " after the crash");
        List<Pcap.Frame> before = p.advertsFrom(from).stream().filter(f -> f.micros() < first.micros()).toList();
        assertFalse(before.isEmpty(), "no advert from r" + from + " before r" + to + " took over");
        Pcap.Frame last = before.get(before.size() - 1);
        return new Takeover("last advert -> new master's first advert", (first.micros() - last.micros()) / 1000.0,
                masterDownMs);
    }

    /** Prints the figure and asserts it lies in [expected - below, expected + above] ms. */
    Takeover print(String label, double below, double above) {
        System.out.printf("[%s] %s: %.1f ms (expected %.1f ms)%n", label, what, ms, expectedMs);
        assertTrue(ms <= expectedMs + above, label + ": took " + ms + " ms, expected " + expectedMs + " ms");
        assertTrue(ms >= expectedMs - below, label + ": took " + ms + " ms, earlier than " + expectedMs + " ms");
        return this;
    }
}
