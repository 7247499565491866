package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.migrate.KeepalivedImporter;

/**
 * The importer reads a keepalived.conf as keepalived 2.2.7 itself does: one file using definitions (a multi-line
 * one among them), {@code @id}/{@code @^id} lines, a globbed include relative to the including file, a unicast
 * peer with a /prefix and a byte that is not UTF-8, given to keepalived ({@code -d} dumps what it parsed) and to
 * the importer with the same config id; priority, VIPs and unicast peers must agree.
 */
@Tag("lab")
class KeepalivedReadsLikeImporterLabTest {

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    static final String MAIN = "! \u00e9t\u00e9: a comment in ISO-8859-1\n"
            + "$IF=eth0\n"
            + "$PEERS=192.0.2.2 \\\n   192.0.2.3/24\n"
            + "include conf.d/*.conf\n"
            + "vrrp_instance VI_1 {\n"
            + "    interface $IF\n"
            + "    virtual_router_id 51\n"
            + "@lb1 priority 150\n"
            + "@^lb1 priority 90\n"
            + "    unicast_peer {\n"
            + "        $PEERS\n"
            + "    }\n"
            + "    virtual_ipaddress {\n"
            + "        ${VIP}/24\n"
            + "@lb2    192.0.2.12/24\n"
            + "    }\n"
            + "}\n";

    record Parsed(int priority, List<String> vips, List<String> peers) {
    }

    /** Priority, VIPs and unicast peers from keepalived's configuration dump ({@code -d}). */
    static Parsed fromDump(String log) {
        int priority = -1;
        List<String> vips = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        List<String> into = null;
        boolean inInstance = false;
        for (String raw : log.split("\n")) {
            String line = raw.replaceFirst("^.*? \\d{4}: ", "");
            if (line.startsWith(" VRRP Instance = ")) {
                inInstance = true;
                continue;
            }
            if (inInstance && line.startsWith("------<")) {
                break;
            }
            if (!inInstance || !line.startsWith(" ")) {
                continue; // not yet in the dump, or a line another process logged in the middle of it
            }
            if (!line.startsWith("   ")) {
                break;
            }
            if (line.startsWith("     ") && into != null) {
                into.add(line.trim().split("\\s+")[0]);
                continue;
            }
            into = null;
            if (line.startsWith("   Priority = ")) {
                priority = Integer.parseInt(line.substring("   Priority = ".length()).trim());
            } else if (line.startsWith("   Virtual IP (")) {
                into = vips;
            } else if (line.startsWith("   Unicast Peer :")) {
                into = peers;
            }
        }
        return new Parsed(priority, vips, peers);
    }

    static Parsed fromImport(KeepalivedImporter.Result r) throws Exception {
        JsonNode i = new YAMLMapper().readTree(r.yaml()).path("instances").get(0);
        List<String> vips = new ArrayList<>();
        i.path("vips").forEach(v -> vips.add(v.asText()));
        List<String> peers = new ArrayList<>();
        i.path("unicast_peers").forEach(p -> peers.add(p.asText()));
        return new Parsed(i.path("priority").asInt(), vips, peers);
    }

    @ParameterizedTest(name = "config id {0}")
    @ValueSource(strings = {"lb1", "lb2"})
    void keepalivedAndTheImporter_shouldReadTheSameInstance(String configId) throws Exception {
        try (Lab lab = Lab.withoutBridge()) {
            lab.addNamespace("k");
            lab.exec("k", "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
            lab.exec("k", "ip", "addr", "add", "192.0.2.1/24", "dev", "eth0");
            lab.exec("k", "ip", "link", "set", "eth0", "up");
            lab.exec("k", "ip", "link", "set", "eth1", "up");
            Path dir = lab.workDir();
            Files.createDirectories(dir.resolve("conf.d"));
            Files.writeString(dir.resolve("conf.d/10-vip.conf"), "$VIP=192.0.2.10\n");
            Path main = dir.resolve("keepalived.conf");
            Files.write(main, MAIN.getBytes(StandardCharsets.ISO_8859_1));
            LabProcess k = lab.spawn("k", "keepalived", List.of("keepalived", "-n", "-l", "-D", "-d", "-P",
                    "-i", configId, "-f", main.toString(), "-p", dir.resolve("k.pid").toString(),
                    "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString()));
            Poll.until("keepalived's configuration dump", Duration.ofSeconds(15),
                    () -> fromDump(k.logText()).priority() > 0 && k.logText().contains("Unicast Peer :")
                            && k.logText().contains("------< Interfaces >------"));
            Parsed keepalived = fromDump(k.logText());
            k.stop(Duration.ofSeconds(5));
            KeepalivedImporter.Result r = KeepalivedImporter.convert(main, configId);
            System.out.println("keepalived read " + keepalived + "\nwarnings: " + r.warnings() + "\nerrors: "
                    + r.errors());
            assertEquals(List.of(), r.errors());
            assertEquals(keepalived, fromImport(r), "keepalived's dump:\n" + k.logText());
            assertEquals(configId.equals("lb1") ? 150 : 90, keepalived.priority());
        }
    }
}
