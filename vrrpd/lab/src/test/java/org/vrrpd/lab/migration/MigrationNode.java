package org.vrrpd.lab.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vrrpd.lab.fixture.Cmd;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * One node of a pair being migrated: its keepalived.conf is written once, as the operator has it; the node then
 * runs either keepalived on that file or vrrpd on the file imported from it, one at a time.
 */
final class MigrationNode implements AutoCloseable {

    private final Lab lab;
    private final String host;
    private final String[] instances;
    private final Path conf;
    private LabProcess keepalived;
    private VrrpdNode vrrpd;
    private int keepalivedRuns;

    MigrationNode(Lab lab, String host, int priority, String[] instances) throws IOException {
        this.lab = lab;
        this.host = host;
        this.instances = instances.clone();
        this.conf = lab.writeFile(host + "-keepalived.conf",
                RollingMigrationLabTest.keepalivedConf(host, priority, "/bin/true"));
    }

    static boolean has(String command) {
        try {
            Cmd.run(Duration.ofSeconds(5), "sh", "-c", "command -v " + command);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Starts keepalived (VRRP only, foreground, no respawn) on the node's keepalived.conf. */
    void startKeepalived() throws IOException {
        String base = host + "-keepalived-" + ++keepalivedRuns;
        Path tmp = Files.createDirectories(lab.file(base + "-tmp"));
        keepalived = lab.spawn(host, base, List.of("env", "TMPDIR=" + tmp, "keepalived", "--dont-fork",
                "--dont-respawn", "--log-console", "--log-detail", "--vrrp", "--use-file=" + conf,
                "--pid=" + lab.file(base + ".pid"), "--vrrp_pid=" + lab.file(base + "-vrrp.pid")));
        LabProcess k = keepalived;
        Poll.until(host + " keepalived running its instances", Duration.ofSeconds(20), () -> {
            if (!k.isAlive()) {
                throw new AssertionError(host + " keepalived exited: " + k.logText());
            }
            return k.logText().contains("Entering BACKUP STATE") || k.logText().contains("Entering MASTER STATE");
        });
    }

    /** Waits until keepalived's last state line for every instance is BACKUP. */
    void awaitKeepalivedBackup(Duration max) {
        Poll.until(host + " keepalived Backup on every instance", max, () -> {
            String log = keepalived.logText();
            for (String name : instances) {
                int backup = log.lastIndexOf("(" + name + ") Entering BACKUP STATE");
                if (backup < 0 || log.lastIndexOf("(" + name + ") Entering MASTER STATE") > backup) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Imports the node's keepalived.conf and starts vrrpd on the result. */
    void startVrrpd(Duration max) throws Exception {
        String yaml = RollingMigrationLabTest.imported(conf);
        vrrpd = VrrpdNode.startFullConfig(lab, host, yaml);
    }

    void awaitVrrpdState(String state, Duration max) {
        Poll.until(host + " vrrpd " + state + " on every instance", max, () -> {
            for (String name : instances) {
                if (!state.equals(vrrpd.state(name))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Stops whichever daemon runs (SIGTERM: a graceful stop, priority-0 adverts, VIPs removed). */
    void stop() throws IOException, InterruptedException {
        if (keepalived != null) {
            keepalived.signal("TERM");
            keepalived.waitForExit(Duration.ofSeconds(15));
            keepalived = null;
        }
        if (vrrpd != null) {
            vrrpd.process().signal("TERM");
            vrrpd.process().waitForExit(Duration.ofSeconds(15));
            vrrpd = null;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }
}
