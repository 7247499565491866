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
    void importKeepalived_shouldExit2_whenTheFileIsMissing() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "import-keepalived", dir.resolve("nope.conf").toString()));
        assertTrue(err.toString().contains("cannot read"));
    }
}
