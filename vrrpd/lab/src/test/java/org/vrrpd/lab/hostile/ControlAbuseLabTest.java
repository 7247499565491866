package org.vrrpd.lab.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Cmd;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Control socket abuse against a running Master: garbage, binary, malformed, deeply nested and huge requests,
 * unknown commands and 200 idle connections are refused with a reason; an unprivileged user (nobody, through
 * {@code setpriv}) who can reach the socket is refused {@code maintenance on} as forbidden. Nothing changes: same
 * pid, still Master with the VIP, maintenance off.
 */
@Tag("lab")
class ControlAbuseLabTest {

    static final String NAME = "vi";

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @Test
    void garbageHugeAndUnauthorisedRequests_shouldBeRefused_withNoChange() throws Exception {
        Variant v = Variant.V3_IPV4;
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", v.hostCidr(1), null);
            try (VrrpdNode r1 = VrrpdNode.start(lab, "r1", v.vrrpdInstance(NAME, 42, 200, 1, new int[] {2}, null))) {
                Poll.until("r1 MASTER", Duration.ofSeconds(20), () -> "MASTER".equals(r1.state(NAME)));
                long pid = r1.status().path("pid").asLong();
                long transitions = r1.instance(NAME).path("counters").path("transitions").asLong();
                String script = Hostile.repoFile("test-lab/fuzz/control_abuse.py").toString();

                JsonNode all = new ObjectMapper().readTree(Cmd.run(Duration.ofSeconds(60), "python3", script,
                        r1.socket().toString(), "all"));
                System.out.println("[control] abuse replies:");
                all.fields().forEachRemaining(e -> System.out.printf("[control]   %-30s %s%n", e.getKey(),
                        abbreviate(e.getValue().toString())));
                Map<String, String> expected = Map.of("garbage", "bad_request", "binary", "bad_request",
                        "json_not_object", "bad_request", "no_command", "bad_request", "command_not_string",
                        "bad_request", "args_not_object", "bad_request", "unknown_command", "unknown_command",
                        "maintenance_without_on", "bad_request", "maintenance_unknown_instance", "not_found",
                        "huge", "too_large");
                expected.forEach((c, code) -> assertEquals(code, all.path(c).path("error").path("code").asText(),
                        c + ": " + all.path(c)));
                assertFalse(all.path("deeply_nested").path("ok").asBoolean(true), "deeply nested JSON refused: "
                        + abbreviate(all.path("deeply_nested").toString()));

                // an operator opened the socket to everyone: authorisation must still hold
                lab.run("chmod", "0711", r1.socket().getParent().toString());
                lab.run("chmod", "0666", r1.socket().toString());
                String nobodyScript = lab.file("control_abuse.py").toString();
                lab.run("install", "-m", "0644", script, nobodyScript);
                String asNobody = Cmd.run(Duration.ofSeconds(30), "setpriv", "--reuid=nobody", "--regid=nogroup",
                        "--clear-groups", "env", "PATH=/usr/bin:/bin", "python3", nobodyScript,
                        r1.socket().toString(), "request",
                        "{\"command\":\"maintenance\",\"args\":{\"on\":true}}");
                String readAsNobody = Cmd.run(Duration.ofSeconds(30), "setpriv", "--reuid=nobody",
                        "--regid=nogroup", "--clear-groups", "env", "PATH=/usr/bin:/bin", "python3", nobodyScript,
                        r1.socket().toString(), "request",
                        "{\"command\":\"version\"}");
                System.out.printf("[control] nobody: maintenance on -> %s; version -> %s%n", asNobody.trim(),
                        readAsNobody.trim());
                JsonNode refused = new ObjectMapper().readTree(asNobody);
                assertEquals("forbidden", refused.path("error").path("code").asText(), asNobody);
                assertTrue(new ObjectMapper().readTree(readAsNobody).path("ok").asBoolean(), "reads stay allowed");

                JsonNode st = r1.status();
                JsonNode inst = r1.instance(NAME);
                System.out.printf("[control] after: pid %d -> %d, state %s, maintenance %s, transitions +%d%n", pid,
                        st.path("pid").asLong(), inst.path("state").asText(), inst.path("maintenance").asText(),
                        inst.path("counters").path("transitions").asLong() - transitions);
                assertEquals(pid, st.path("pid").asLong());
                assertEquals("MASTER", inst.path("state").asText());
                assertFalse(inst.path("maintenance").asBoolean());
                assertEquals(transitions, inst.path("counters").path("transitions").asLong());
                assertTrue(lab.hasAddress("r1", "eth0", v.vip()));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
