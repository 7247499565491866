package org.vrrpd.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.control.Caller;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.control.ControlServer;
import org.vrrpd.control.ControlService;
import picocli.CommandLine;

/** vrrpctl against a fake daemon on a real control socket: captured out/err and exit codes. */
class VrrpctlTest {

    static final String STATUS = """
            {"version":"1.0","pid":42,"uptimeMs":61000,"instances":[
             {"name":"mail","interface":"eth0","vrid":51,"family":"ipv4","version":2,"authentication":"pass","state":"MASTER",
              "inStateMs":75000,"maintenance":false,
              "priority":{"base":150,"effective":90,"clamped":false,"faults":[],
                "contributions":[{"check":"smtp25","up":false,"delta":-60},{"check":"imap","up":true,"delta":0}]},
              "master":{"address":"192.0.2.11","priority":90,"adverIntervalCs":100},
              "vips":["192.0.2.10/24"],
              "lastTransition":{"from":"BACKUP","to":"MASTER","reason":"master down timer fired","at":"2026-01-01T00:00:00Z"}},
             {"name":"web6","interface":"eth0","vrid":52,"family":"ipv6","version":3,"state":"BACKUP",
              "inStateMs":1000,"maintenance":true,
              "priority":{"base":100,"effective":100,"faults":[],"contributions":[]},
              "master":null,"vips":["2001:db8::10/64"],"lastTransition":null}]}""";

    static final String PREFLIGHT = """
            {"instances":[{"name":"mail","vrid":51,"version":2,"authentication":"none","intervalMs":1000,
              "checksum":"message-only","vips":["192.0.2.10"],"windowMs":3000,"onIncompatible":"hold",
              "hold":"preflight hold: incompatible peer 192.0.2.11 (authentication)",
              "peers":[{"source":"192.0.2.11","version":2,"priority":150,"authentication":"PASS",
                "authenticationMatches":false,"intervalMs":1000,"checksum":"message-only","vips":["192.0.2.10"],
                "adverts":3,"lastHeardMs":400,"dropReason":"auth_mismatch","compatible":false,"left":false,
                "differences":["sends VRRPv2 with auth PASS; set authentication: {type: pass, ...} on instance 'mail'"]}]}]}""";

    @TempDir
    Path dir;

    private ControlServer server;
    private final List<String> calls = new ArrayList<>();
    private String reloadReply; // null: the daemon refuses the file
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        server = ControlServer.start(dir.resolve("vrrpd.sock"), null, OptionalInt.empty(), new ControlService() {
            @Override
            public boolean mutates(String c) {
                return c.equals("maintenance") || c.equals("reload");
            }

            @Override
            public boolean knows(String c) {
                return true;
            }

            @Override
            public CompletionStage<JsonNode> handle(String c, JsonNode args, Caller caller) {
                calls.add(c + " " + args);
                try {
                    switch (c) {
                        case "status":
                            return CompletableFuture.completedFuture(ControlProtocol.JSON.readTree(STATUS));
                        case "checks":
                            return CompletableFuture.completedFuture(ControlProtocol.JSON.readTree(
                                    "{\"checks\":[{\"instance\":\"mail\",\"name\":\"smtp25\",\"type\":\"smtp\","
                                            + "\"up\":false,\"latencyMs\":2003.5,\"consecutiveOk\":0,"
                                            + "\"consecutiveFail\":3,\"weight\":-60,"
                                            + "\"message\":\"no banner within 2s\","
                                            + "\"detail\":{\"banner\":\"none\",\"port\":\"25\"}}]}"));
                        case "history":
                            return CompletableFuture.completedFuture(ControlProtocol.JSON.readTree(
                                    "{\"transitions\":[{\"at\":\"2026-01-01T00:00:00Z\",\"instance\":\"mail\","
                                            + "\"from\":\"INITIALIZE\",\"to\":\"BACKUP\",\"priority\":150,"
                                            + "\"reason\":\"startup\"}]}"));
                        case "maintenance":
                            return CompletableFuture.completedFuture(ControlProtocol.JSON.readTree(
                                    "{\"instances\":[\"mail\"]}"));
                        case "reload":
                            if (reloadReply != null) {
                                return CompletableFuture.completedFuture(ControlProtocol.JSON.readTree(reloadReply));
                            }
                            return CompletableFuture.failedFuture(new ControlException("config_invalid",
                                    "vrrpd.yaml:3:7: vrid 300 out of range 1..255; still running the previous config"));
                        case "preflight":
                            return CompletableFuture.completedFuture(ControlProtocol.JSON.readTree(PREFLIGHT));
                        case "version":
                            return CompletableFuture.completedFuture(ControlProtocol.JSON.readTree(
                                    "{\"version\":\"1.0\",\"pid\":42,\"uptimeMs\":5000}"));
                        default:
                            return CompletableFuture.failedFuture(new ControlException("unknown_command", c));
                    }
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        CommandLine cl = Vrrpctl.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        full[0] = "--socket";
        full[1] = server.path().toString();
        System.arraycopy(args, 0, full, 2, args.length);
        return cl.execute(full);
    }

    @Test
    void status_shouldShowStatePriorityBreakdownMasterAndVips() {
        assertEquals(0, run("status"));
        String text = out.toString();
        assertTrue(text.contains("mail: MASTER for 1m15s"), text);
        assertTrue(text.contains("90 = base 150 -60 smtp25 (down)"), text);
        assertTrue(text.contains("192.0.2.11 (priority 90, advert 1000ms)"), text);
        assertTrue(text.contains("192.0.2.10/24"), text);
        assertTrue(text.contains("BACKUP -> MASTER (master down timer fired)"), text);
        assertTrue(text.contains("web6: BACKUP (maintenance)"), text);
        assertTrue(text.contains("eth0  vrid 51  ipv4  VRRPv2  auth pass\n"), text);
        assertTrue(text.contains("eth0  vrid 52  ipv6  VRRPv3\n"), text);
        assertEquals("", err.toString());
    }

    @Test
    void statusJson_shouldPrintTheDaemonsDocument() throws IOException {
        assertEquals(0, run("status", "--json"));
        JsonNode printed = ControlProtocol.JSON.readTree(out.toString());
        assertEquals(ControlProtocol.JSON.readTree(STATUS), printed);
    }

    @Test
    void isMaster_shouldExitZeroForMaster_oneForBackup_fourForUnknown_andPrintNothing() {
        assertEquals(0, run("status", "--is-master", "mail"));
        assertEquals(1, run("status", "--is-master", "web6"));
        assertEquals("", out.toString());
        assertEquals(4, run("status", "--is-master", "nope"));
        assertTrue(err.toString().contains("no instance named 'nope'"));
    }

    @Test
    void checks_shouldListEachCheck_andExitOneWhenOneIsDown() {
        assertEquals(1, run("checks"));
        assertTrue(out.toString().contains("smtp25"), out.toString());
        assertTrue(out.toString().contains("DOWN"));
        assertTrue(out.toString().contains("2003.5ms"));
        assertTrue(out.toString().contains("0/3"));
        assertTrue(out.toString().contains("no banner within 2s [banner=none port=25]"), out.toString());
    }

    @Test
    void history_shouldListTransitions_andPassTheLimit() {
        assertEquals(0, run("history", "-n", "5"));
        assertTrue(out.toString().contains("INITIALIZE  BACKUP"), out.toString());
        assertTrue(calls.contains("history {\"last\":5}"), calls.toString());
    }

    @Test
    void preflight_shouldNameThePeerAndTheFix_andExitOneForAnIncompatiblePeer() {
        assertEquals(1, run("preflight", "mail", "--for", "5s"));
        String text = out.toString();
        assertTrue(text.contains("HELD: preflight hold: incompatible peer 192.0.2.11"), text);
        assertTrue(text.contains("PASS (differs)"), text);
        assertTrue(text.contains("INCOMPATIBLE, dropped here: auth_mismatch"), text);
        assertTrue(text.contains("192.0.2.11: sends VRRPv2 with auth PASS; set authentication: {type: pass, ...} on"
                + " instance 'mail'"), text);
        assertTrue(calls.contains("preflight {\"instance\":\"mail\",\"for_ms\":5000}"), calls.toString());
    }

    @Test
    void preflightJson_shouldPrintTheDaemonsDocument_withTheSameExitCode() throws IOException {
        assertEquals(1, run("preflight", "--json"));
        assertEquals(ControlProtocol.JSON.readTree(PREFLIGHT), ControlProtocol.JSON.readTree(out.toString()));
        assertTrue(calls.contains("preflight {}"), calls.toString());
    }

    @Test
    void preflight_withABadDuration_shouldBeAUsageError() {
        assertEquals(2, run("preflight", "--for", "soon"));
        assertTrue(err.toString().contains("not a duration: 'soon'"), err.toString());
    }

    @Test
    void maintenance_shouldSendOnAndTheInstance() {
        assertEquals(0, run("maintenance", "on", "mail"));
        assertTrue(out.toString().contains("mail: maintenance on"));
        assertTrue(calls.contains("maintenance {\"on\":true,\"instance\":\"mail\"}"), calls.toString());
    }

    @Test
    void maintenance_shouldRejectAnythingButOnOrOff_asUsageError() {
        assertEquals(2, run("maintenance", "sideways"));
        assertTrue(err.toString().contains("on, off"), err.toString());
    }

    @Test
    void reload_ofABadFile_shouldExitFour_andShowTheDaemonsReasonWithFileAndLine() {
        assertEquals(4, run("reload"));
        assertTrue(err.toString().contains("vrrpd.yaml:3:7: vrid 300 out of range"), err.toString());
    }

    @Test
    void reload_withGlobalChanges_shouldPrintTheAppliedKeys_andThoseThatNeedARestart() {
        reloadReply = "{\"unchanged\":[\"mail\"],\"changed\":[],\"added\":[],\"removed\":[],\"replaced\":[],"
                + "\"global\":[\"log_level\",\"metrics\"],\"restartNeeded\":[\"notify_fifo\"]}";
        assertEquals(0, run("reload"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("reloaded: 1 unchanged, 0 changed (0 replaced), 0 added, 0 removed"), text);
        assertTrue(text.contains("global applied: log_level, metrics"), text);
        assertTrue(text.contains("global needing a restart (still using the old values): notify_fifo"), text);
    }

    @Test
    void reload_withoutGlobalChanges_shouldPrintOneLine() {
        reloadReply = "{\"unchanged\":[\"mail\"],\"changed\":[],\"added\":[],\"removed\":[],\"replaced\":[]}";
        assertEquals(0, run("reload"), err.toString());
        assertEquals(1, out.toString().lines().count(), out.toString());
    }

    @Test
    void version_shouldPrintBothVersions() {
        assertEquals(0, run("version"));
        assertTrue(out.toString().contains("vrrpctl "));
        assertTrue(out.toString().contains("vrrpd   1.0 (pid 42"), out.toString());
    }

    @Test
    void everyCommand_againstAStoppedDaemon_shouldExitThree_withAClearMessage() {
        server.close();
        for (String[] cmd : List.of(new String[] {"status"}, new String[] {"checks"}, new String[] {"history"},
                new String[] {"maintenance", "off"}, new String[] {"reload"}, new String[] {"status", "--json"})) {
            StringWriter e = new StringWriter();
            CommandLine cl = Vrrpctl.newCommandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(e));
            assertEquals(3, cl.execute(concat("--socket", server.path().toString(), cmd)), String.join(" ", cmd));
            assertTrue(e.toString().contains("cannot reach vrrpd at " + server.path()), e.toString());
        }
    }

    private static String[] concat(String a, String b, String[] rest) {
        String[] full = new String[rest.length + 2];
        full[0] = a;
        full[1] = b;
        System.arraycopy(rest, 0, full, 2, rest.length);
        return full;
    }
}
