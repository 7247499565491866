package org.vrrpd.lab.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.control.ControlClient;
import org.vrrpd.control.ControlException;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;

/**
 * The posture docs/SECURITY.md recommends: vrrpd as an unprivileged user holding only CAP_NET_RAW (raw VRRP and
 * packet sockets) and CAP_NET_ADMIN (VIPs over rtnetlink), as a systemd unit's AmbientCapabilities would give it.
 * It must become Master, add its VIP and advertise, with exactly those two capabilities effective.
 */
@Tag("lab")
class NonRootLabTest {

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @Test
    void daemonAsNobodyWithOnlyNetRawAndNetAdmin_shouldBecomeMaster_andManageItsVip() throws Exception {
        try (Lab lab = Lab.create()) {
            lab.addHost("r1", "192.0.2.1/24", null);
            Path dir = lab.workDir();
            // nobody cannot read root's build tree: give it a copy of the classpath
            Path cp = Files.createDirectories(dir.resolve("cp"));
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path src = Path.of(e);
                if (!Files.exists(src)) {
                    continue;
                }
                Path dst = cp.resolve((n++) + "-" + src.getFileName());
                lab.run("cp", "-r", src.toString(), dst.toString());
                entries.add(dst.toString());
            }
            Path run = Files.createDirectories(dir.resolve("run"));
            lab.run("chmod", "-R", "a+rX", cp.toString());
            lab.run("chmod", "0711", dir.toString());
            lab.run("chmod", "0777", run.toString());
            Path socket = run.resolve("vrrpd.sock");
            Path config = lab.writeFile("nonroot.yaml", "global:\n  control_socket: " + socket
                    + "\n  log_level: debug\ninstances:\n  - name: vi\n    interface: eth0\n    vrid: 42\n"
                    + "    version: 3\n    priority: 200\n    advert_interval: 100ms\n    vips: [192.0.2.100/24]\n");
            lab.run("chmod", "0644", config.toString());
            String caps = "-all,+net_raw,+net_admin";
            LabProcess p = lab.spawn("r1", "vrrpd-nonroot", List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups", "--inh-caps=" + caps, "--ambient-caps=" + caps, "--bounding-set=" + caps,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, entries), "org.vrrpd.daemon.Main",
                    "--config", config.toString()));
            Poll.until("non-root vrrpd MASTER", Duration.ofSeconds(30), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("vrrpd exited: " + p.logText());
                }
                JsonNode st = status(socket);
                return st != null && "MASTER".equals(st.path("instances").path(0).path("state").asText());
            });
            Poll.until("VIP on r1", Duration.ofSeconds(10), () -> lab.hasAddress("r1", "eth0", "192.0.2.100"));
            long pid = status(socket).path("pid").asLong();
            String procStatus = Files.readString(Path.of("/proc/" + pid + "/status"));
            String uid = field(procStatus, "Uid:");
            String capEff = field(procStatus, "CapEff:");
            long adverts = status(socket).path("instances").path(0).path("counters").path("advertsSent").asLong();
            System.out.printf("[nonroot] pid %d Uid %s CapEff %s; MASTER with 192.0.2.100, %d adverts sent%n", pid,
                    uid, capEff, adverts);
            assertTrue(uid.startsWith("65534"), "runs as nobody: " + uid);
            // CAP_NET_ADMIN = 12, CAP_NET_RAW = 13
            assertEquals(0x3000L, Long.parseLong(capEff, 16), "only NET_ADMIN and NET_RAW effective");
            assertTrue(adverts > 0);
            p.signal("TERM");
            p.waitForExit(Duration.ofSeconds(10));
            Poll.until("VIP removed on stop", Duration.ofSeconds(10),
                    () -> !lab.hasAddress("r1", "eth0", "192.0.2.100"));
        }
    }

    private static JsonNode status(Path socket) {
        try {
            return new ControlClient(socket).call("status", null);
        } catch (ControlException e) {
            return null;
        }
    }

    private static String field(String procStatus, String name) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith(name)) {
                return line.substring(name.length()).trim();
            }
        }
        return "";
    }
}
