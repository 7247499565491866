package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VrrpdConfig;
import org.vrrpd.daemon.health.CheckPlugins;
import org.vrrpd.daemon.health.HealthSupervisor;
import org.vrrpd.daemon.health.plugins.PluginJars;
import org.vrrpd.daemon.track.InstanceTracking;
import org.vrrpd.migrate.KeepalivedImporter;
import picocli.CommandLine;

/**
 * {@code vrrpd config check} fails exactly where the daemon's start would: over every shipped example, the mail
 * lab's configuration, the example plugin's, every keepalived.conf of the test resources as {@code vrrpctl
 * import-keepalived} converts it, and a set of broken files, the check (the CLI, as an operator runs it) and the
 * start's validation (what {@code Main.call} runs before the daemon touches the network: the plugins, {@code
 * ConfigCommand.validate} without the check's extras, then every instance's health attached as {@code
 * Daemon.start} does through {@link HealthSupervisor#attach}) both accept, or both refuse for the same reason.
 */
class ConfigCheckAgreementTest {

    private static final Path ROOT = Path.of("..", "..");
    private static final Path KEEPALIVED = Path.of("src", "test", "resources", "keepalived");

    @TempDir
    Path tmp;

    /** A verdict: accepted, or refused with the reasons printed (one per line). */
    record Verdict(boolean accepted, String reasons) {
    }

    Verdict check(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("config", "check", file.toString());
        assertTrue(code == 0 || code == Main.EXIT_CONFIG, "exit " + code + ": " + err);
        assertEquals(code == 0, out.toString().contains(": OK, "), out.toString());
        return new Verdict(code == 0, err.toString());
    }

    Verdict start(Path file) {
        StringWriter err = new StringWriter();
        PrintWriter pw = new PrintWriter(err);
        CheckPlugins plugins = Main.ConfigCommand.plugins(file, pw);
        if (plugins == null) {
            return new Verdict(false, err.toString());
        }
        VrrpdConfig cfg = Main.ConfigCommand.validate(file, plugins, pw, null);
        if (cfg == null) {
            return new Verdict(false, err.toString());
        }
        try (HealthSupervisor health = new HealthSupervisor(plugins, name -> true)) {
            for (InstanceConfig ic : cfg.instances()) {
                health.attach(ic, new InstanceTracking(ic.priority(), Runnable::run, b -> { }));
            }
        } catch (IOException | RuntimeException e) {
            return new Verdict(false, e.getMessage());
        } finally {
            plugins.closeHosts();
        }
        return new Verdict(true, "");
    }

    /** Both accept, or both refuse and every reason the start gives is among the check's. */
    Verdict assertAgree(Path file) {
        Verdict c = check(file);
        Verdict s = start(file);
        String both = file + "\n check: " + c + "\n start: " + s;
        assertEquals(s.accepted(), c.accepted(), both);
        if (!s.accepted()) {
            for (String line : s.reasons().strip().split("\n")) {
                assertTrue(c.reasons().contains(line.strip()), "the check should give the start's reason '"
                        + line.strip() + "'\n" + both);
            }
        }
        return c;
    }

    Path write(String name, String yaml) throws IOException {
        return Files.writeString(tmp.resolve(name), yaml);
    }

    Path pluginDir() throws IOException {
        Path d = tmp.resolve("plugins");
        if (!Files.isDirectory(d)) {
            Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            PluginJars.packExample(d.resolve("example-plugin.jar"));
        }
        return d;
    }

    String instanceWith(String check) throws IOException {
        return "global:\n  plugin_dir: " + pluginDir() + "\n"
                + "instances:\n  - name: vi\n    interface: lo\n    vrid: 7\n    vips: [192.0.2.10/24]\n"
                + "    checks:\n      - " + check + "\n";
    }

    @Test
    void shippedExamples_shouldPassBoth() {
        for (String name : List.of("vrrpd.yaml", "mail01.yaml", "mail02.yaml")) {
            assertTrue(assertAgree(ROOT.resolve("conf").resolve(name)).accepted(), name);
        }
    }

    @Test
    void theMailLabsConfiguration_shouldPassBoth() throws IOException {
        // test-lab/mail/vrrpd's write_config for mail01, with this test's files for the lab's secret, CA and store
        Path secret = Files.writeString(tmp.resolve("imap-probe.secret"), "probe\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path ca = Files.writeString(tmp.resolve("ca.pem"), aTrustedCertificateAsPem());
        Path store = Files.createDirectory(tmp.resolve("vmail"));
        String checks = "    checks:\n"
                + "      - {name: smtp, type: smtp, host: 192.0.2.1, port: 25, ehlo: mail01.example.org,"
                + " expect_banner: \"ESMTP\", interval: 1s, timeout: 1s, fall: 1, rise: 1, weight: -60}\n"
                + "      - {name: submission, type: smtp, host: 192.0.2.1, port: 587, tls: starttls,"
                + " ehlo: mail01.example.org, ca_file: " + ca + ", interval: 1s, timeout: 1s, fall: 1, rise: 1,"
                + " weight: -60}\n"
                + "      - {name: imaps, type: imap, host: 192.0.2.1, port: 993, tls: implicit, user: probe,"
                + " password_file: " + secret + ", ca_file: " + ca + ", interval: 1s, timeout: 1s, fall: 1,"
                + " rise: 1, weight: -60}\n"
                + "      - {name: webmail, type: http, url: \"https://192.0.2.1/\", expect_status: [200],"
                + " expect_body: rcmloginuser, ca_file: " + ca + ", interval: 1s, timeout: 1s, fall: 1, rise: 1,"
                + " weight: -60}\n"
                + "      - {name: store, type: nfs, directory: " + store + ", max_latency: 500ms,"
                + " fs_types: [fuse.vrrpdstore], interval: 1s, timeout: 1s, fall: 1, rise: 1, weight: -60}\n";
        String instance = "    interface: eth0\n    vrid: 51\n    version: 3\n    priority: 150\n"
                + "    advert_interval: 1s\n    preempt: true\n    accept_mode: true\n    garp_master_delay: 1s\n"
                + "    garp_master_repeat: 2\n";
        Path file = write("mail01.yaml", "global:\n  control_socket: " + tmp.resolve("mail01.sock") + "\n"
                + "  plugin_dir: " + pluginDir() + "\n  log_level: info\ninstances:\n"
                + "  - name: mail\n" + instance + "    vips: [192.0.2.100/24]\n" + checks
                + "  - name: mail6\n" + instance + "    vips: [fe80::51/64, 2001:db8::100/64]\n" + checks);
        Verdict v = assertAgree(file);
        assertTrue(v.accepted(), v.reasons());
    }

    @Test
    void theExamplePluginsConfiguration_shouldPassBoth() throws IOException {
        assertTrue(assertAgree(write("plugin.yaml",
                instanceWith("{type: file_flag, name: drain, path: /run/vrrpd-drain, weight: -50}"))).accepted());
    }

    @Test
    void everyImportedKeepalivedConf_shouldGetTheSameVerdictFromBoth() throws IOException {
        List<Path> confs;
        try (Stream<Path> s = Files.walk(KEEPALIVED)) {
            confs = s.filter(p -> p.toString().endsWith(".conf") && !p.getParent().endsWith("conf.d")).sorted()
                    .toList();
        }
        assertTrue(confs.size() >= 7, confs.toString());
        List<String> verdicts = new ArrayList<>();
        for (Path conf : confs) {
            KeepalivedImporter.Result r = KeepalivedImporter.convert(conf);
            Path file = write(conf.getFileName() + ".yaml", r.yaml());
            verdicts.add(conf.getFileName() + ": " + (assertAgree(file).accepted() ? "accepted" : "refused"));
        }
        assertTrue(verdicts.stream().anyMatch(v -> v.endsWith("accepted")), verdicts.toString());
    }

    @Test
    void anHttpCheckWithoutUrl_shouldBeRefusedByBoth() throws IOException {
        assertRefusedByBoth(instanceWith("{type: http, name: web}"), "url");
    }

    @Test
    void aTcpCheckWithABadPort_shouldBeRefusedByBoth() throws IOException {
        assertRefusedByBoth(instanceWith("{type: tcp, name: smtp, host: 127.0.0.1, port: 70000}"), "port");
    }

    @Test
    void aScriptCheckForAUserThatDoesNotExist_shouldBeRefusedByBoth() throws IOException {
        assertRefusedByBoth(instanceWith("{type: script, name: q, command: [/bin/true], user: vrrpd_no_such_user}"),
                "vrrpd_no_such_user");
    }

    @Test
    void anUnknownCheckType_shouldBeRefusedByBoth() throws IOException {
        assertRefusedByBoth(instanceWith("{type: no_such_type, name: x}"), "no_such_type");
    }

    @Test
    void aPluginCheckItsFactoryRejects_shouldBeRefusedByBoth() throws IOException {
        assertRefusedByBoth(instanceWith("{type: file_flag, name: drain, path: relative/drain}"),
                "path must be an absolute file name");
    }

    @Test
    void anInterfaceThisHostLacks_shouldBeAWarningOfTheCheck_notARefusal() throws IOException {
        Path file = write("absent.yaml", "instances:\n  - name: vi\n    interface: vrrpdnone0\n    vrid: 7\n"
                + "    vips: [192.0.2.10/24]\n");
        Verdict c = assertAgree(file);
        assertTrue(c.accepted());
        assertTrue(c.reasons().contains(file + ": warning: instance 'vi': interface vrrpdnone0 does not exist on"
                + " this host"), c.reasons());
        Verdict present = check(write("present.yaml", "instances:\n  - name: vi\n    interface: lo\n    vrid: 7\n"
                + "    vips: [192.0.2.10/24]\n"));
        assertFalse(present.reasons().contains("warning"), present.reasons());
    }

    /** The first certificate of the JDK's default trust store, as PEM (the lab's CA stands in for it). */
    static String aTrustedCertificateAsPem() throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
            X509Certificate cert = tm.getAcceptedIssuers()[0];
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    void assertRefusedByBoth(String yaml, String reasonMentions) throws IOException {
        Path file = write("broken.yaml", yaml);
        Verdict c = assertAgree(file);
        assertFalse(c.accepted(), c.reasons());
        assertTrue(c.reasons().contains(reasonMentions), c.reasons());
    }
}
