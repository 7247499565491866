package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;
import org.vrrpd.migrate.KeepalivedImporter;

/** An operator's keepalived pair converted with {@code vrrpctl import-keepalived} runs and elects under vrrpd. */
@Tag("lab")
class ImportKeepalivedLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    static String keepalived(String state, int priority) {
        return "! mail pair, as an operator writes it\n"
                + "vrrp_script check_smtp {\n"
                + "    script \"/bin/true\"      # stands in for 'killall -0 master'\n"
                + "    interval 1\n"
                + "    weight -60\n"
                + "    user nobody\n"
                + "}\n"
                + "vrrp_instance MAIL {\n"
                + "    state " + state + "\n"
                + "    interface eth0\n"
                + "    virtual_router_id 51\n"
                + "    priority " + priority + "\n"
                + "    advert_int 1\n"
                + "    authentication {\n        auth_type PASS\n        auth_pass secret\n    }\n"
                + "    virtual_ipaddress {\n        192.0.2.25/24 dev eth0 label eth0:smtp\n    }\n"
                + "    track_script {\n        check_smtp\n    }\n"
                + "}\n";
    }

    /** The converted file's {@code instances:} list, for {@link VrrpdNode#start}. */
    static String instances(KeepalivedImporter.Result r) {
        String yaml = r.yaml();
        return yaml.substring(yaml.indexOf("instances:\n") + "instances:\n".length());
    }

    @Test
    void importedMailPair_shouldElectTheHigherPriorityNode() throws Exception {
        KeepalivedImporter.Result k1 = KeepalivedImporter.convert(keepalived("MASTER", 150), "mail01.conf", null);
        KeepalivedImporter.Result k2 = KeepalivedImporter.convert(keepalived("BACKUP", 100), "mail02.conf", null);
        System.out.println("import warnings (mail01):\n  " + String.join("\n  ", k1.warnings()));
        System.out.println("imported (mail01):\n" + k1.yaml());
        assertTrue(k1.warnings().stream().anyMatch(w -> w.contains("authentication")));
        try (Routers o = Routers.of(Variant.V3_IPV4).build();
             VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", instances(k1));
             VrrpdNode r2 = VrrpdNode.start(o.lab, "r2", instances(k2))) {
            Poll.until("r1 Master, r2 Backup", SETTLE, () -> r1.state("MAIL").equals("MASTER")
                    && r2.state("MAIL").equals("BACKUP"));
            Poll.until("VIP only on r1", SETTLE, () -> o.hasAddress(1, "192.0.2.25") && !o.hasAddress(2, "192.0.2.25"));
            assertTrue(o.lab.addresses("r1", "eth0").contains("eth0:smtp"), "the label is carried over");
            assertTrue(o.adverts(1, 51).stream().anyMatch(f -> f.data()[14 + 20] >> 4 == 2),
                    "keepalived's default vrrp_version 2 is kept");
        }
    }
}
