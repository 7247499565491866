package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.daemon.health.plugins.PluginJars;
import org.vrrpd.daemon.health.plugins.ThrowingCreatePlugin;
import picocli.CommandLine;

/** {@code vrrpd check run INSTANCE CHECK}: one configured check, run once, its result and exit code. */
class CheckRunCommandTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    Path config(Path pluginDir, String checks) throws Exception {
        return Files.writeString(tmp.resolve("vrrpd.yaml"), "global:\n  plugin_dir: " + pluginDir + "\n"
                + "instances:\n  - name: vi\n    interface: eth0\n    vrid: 7\n    vips: [192.0.2.10/24]\n"
                + "    checks:\n" + checks);
    }

    @Test
    void aBuiltInCheck_runsOnce_andExitsZeroWhenUp_fourWhenDown() throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            int open = listening.getLocalPort();
            Path cfg = config(tmp.resolve("none"), "      - {type: tcp, name: up, host: 127.0.0.1, port: " + open
                    + ", timeout: 1s}\n      - {type: tcp, name: down, host: 127.0.0.1, port: 1, timeout: 1s}\n");
            Run up = run("check", "run", "-f", cfg.toString(), "vi", "up");
            assertEquals(0, up.code(), up.err());
            assertTrue(up.out().startsWith("up (tcp): UP in "), up.out());
            Run down = run("check", "run", "-f", cfg.toString(), "vi", "down");
            assertEquals(4, down.code(), down.out() + down.err());
            assertTrue(down.out().startsWith("down (tcp): DOWN in "), down.out());
        }
    }

    @Test
    void aPluginCheck_runsOnceInItsPluginHost() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("plugins"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        PluginJars.packExample(d.resolve("example-plugin.jar"));
        Path flag = tmp.resolve("drain");
        Path cfg = config(d, "      - {type: file_flag, name: drain, path: " + flag + ", timeout: 10s}\n");
        Run r = run("check", "run", "-f", cfg.toString(), "vi", "drain");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("drain (file_flag): UP in ") && r.out().contains("flag " + flag + " absent"),
                r.out());
    }

    @Test
    void aPluginCheckWhoseConstructorThrows_isDown_withItsMessage() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("plugins"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        PluginJars.pack(ThrowingCreatePlugin.class, d.resolve("throwing.jar")); // refused before any host starts
        Path cfg = config(d, "      - {type: throwing_create, name: lic}\n");
        Run r = run("check", "run", "-f", cfg.toString(), "vi", "lic");
        assertEquals(4, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("licence file /etc/throwing/licence is missing"), r.out());
    }

    @Test
    void anUnknownCheck_isExitOne_listingTheInstancesChecks() throws Exception {
        Path cfg = config(tmp.resolve("none"), "      - {type: tcp, name: smtp, host: 127.0.0.1, port: 25}\n");
        Run r = run("check", "run", "-f", cfg.toString(), "vi", "smtpp");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("has no check 'smtpp' in instance 'vi' (checks: [smtp])"), r.err());
    }
}
