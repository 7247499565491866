package org.vrrpd.lab.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import org.vrrpd.control.ControlException;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * What the health-check scenarios share: their routers (v3/IPv4, VRID 51, advert interval 1 s) and look-ups in
 * a node's status (effective priority, the breakdown's contributions and faults, {@code vrrpctl checks}).
 */
final class HealthStatus {

    static final int VRID = 51;
    static final Variant V = Variant.V3_IPV4;
    static final int INTERVAL_MS = 1000;

    private HealthStatus() {
    }

    /** Routers r1 and r2 with a bridge capture, as every health scenario runs them. */
    static Routers routers() throws IOException {
        return Routers.of(V).vrid(VRID).intervalMs(INTERVAL_MS).build();
    }

    /** The instance's priority object from the status ({base, effective, contributions, faults}). */
    static JsonNode priority(VrrpdNode node) {
        JsonNode i = node.instance(Routers.NAME);
        return i == null ? null : i.path("priority");
    }

    static int effective(VrrpdNode node) {
        JsonNode p = priority(node);
        return p == null ? -1 : p.path("effective").asInt(-1);
    }

    /** The contribution of a check in the status breakdown, or null. */
    static JsonNode contribution(VrrpdNode node, String check) {
        JsonNode p = priority(node);
        if (p != null) {
            for (JsonNode c : p.path("contributions")) {
                if (c.path("check").asText().equals(check)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The check's entry in {@code vrrpctl checks --json}, or null. */
    static JsonNode check(VrrpdNode node, String check) {
        try {
            for (JsonNode c : node.call("checks", null).path("checks")) {
                if (c.path("name").asText().equals(check)) {
                    return c;
                }
            }
        } catch (ControlException e) {
            return null;
        }
        return null;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** Skew_Time at priority {@code p} with a 1 s interval, in ms. */
    static double skewMs(int p) {
        return (256 - p) * (double) INTERVAL_MS / 256.0;
    }
}
