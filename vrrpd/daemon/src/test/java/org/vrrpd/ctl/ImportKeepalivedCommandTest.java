package org.vrrpd.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportKeepalivedCommandTest {

    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Vrrpctl.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void importKeepalived_shouldPrintYamlOnStdoutAndWarningsOnStderr() throws Exception {
        Path conf = Path.of(getClass().getResource("/keepalived/unicast-cloud.conf").toURI());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "import-keepalived", conf.toString()));
        assertTrue(out.toString().contains("unicast_peers:"), out.toString());
        assertTrue(err.toString().contains("warning: ") && err.toString().contains("'state' not carried over (BACKUP in 1"),
                err.toString());
    }

    @Test
    void importKeepalived_shouldExit1AndSayWhy_whenTheResultIsInvalid() throws Exception {
        Path conf = dir.resolve("k.conf");
        Files.writeString(conf, "vrrp_instance X {\n interface eth0\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(1, run(out, err, "import-keepalived", "-o", dir.resolve("out.yaml").toString(),
                conf.toString()));
        assertTrue(err.toString().contains("has no virtual_router_id"), err.toString());
        assertTrue(err.toString().contains("invalid: "), err.toString());
        assertTrue(Files.readString(dir.resolve("out.yaml")).contains("name: X"));
    }

    @Test
    void importKeepalived_shouldChooseConditionalLinesByConfigId() throws Exception {
        Path conf = dir.resolve("k.conf");
        Files.writeString(conf, "vrrp_instance X {\n interface eth0\n virtual_router_id 5\n@lb1 priority 150\n"
                + "@lb2 priority 90\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n");
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "import-keepalived", "--config-id", "lb2", conf.toString()));
        assertTrue(out.toString().contains("priority: 90"), out.toString());
        out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), "import-keepalived", "-i", "lb1", conf.toString()));
        assertTrue(out.toString().contains("priority: 150"), out.toString());
    }

    @Test
    void importKeepalived_shouldListEveryErrorWithItsLine_exit1_andStillWriteTheYaml() throws Exception {
        Path conf = dir.resolve("k.conf");
        String block = "vrrp_instance X {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n"
                + " 192.0.2.1\n }\n}\n";
        Files.writeString(conf, block + "include gone.conf\n" + block);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(1, run(out, err, "import-keepalived", "-o", dir.resolve("out.yaml").toString(),
                conf.toString()));
        assertTrue(err.toString().contains("error: " + conf + ":8: include gone.conf: no such file"), err.toString());
        assertTrue(err.toString().contains("error: " + conf + ":9: vrrp_instance X already defined at " + conf
                + ":1"), err.toString());
        assertTrue(err.toString().contains("2 error(s)"), err.toString());
        assertTrue(Files.readString(dir.resolve("out.yaml")).contains("name: X"));
    }

    @Test
    void importKeepalived_shouldExit2_whenTheFileIsMissing() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "import-keepalived", dir.resolve("nope.conf").toString()));
        assertTrue(err.toString().contains("cannot read"));
    }
}
