package org.vrrpd.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vrrpd.control.ControlClient;
import org.vrrpd.control.ControlException;

/**
 * A real vrrpd (this build's classes, in its own JVM) running in a lab namespace with its own config and
 * control socket; state is read back through the control socket, as {@code vrrpctl status --json} does.
 */
public final class VrrpdNode implements AutoCloseable {

    private final Lab lab;
    private final String host;
    private final Path config;
    private final Path socket;
    private LabProcess process;
    private int starts;
    private List<String> jvmArgs = List.of();

    private VrrpdNode(Lab lab, String host, Path config, Path socket) {
        this.lab = lab;
        this.host = host;
        this.config = config;
        this.socket = socket;
    }

    /**
     * Writes {@code instancesYaml} (the {@code instances:} list, indented as in the file) with a global section
     * pointing the control socket into the lab, and starts the daemon.
     */
    public static VrrpdNode start(Lab lab, String host, String instancesYaml) throws IOException {
        Path socket = lab.file(host + "-vrrpd.sock");
        Path config = lab.writeFile(host + "-vrrpd.yaml", yaml(socket, instancesYaml));
        VrrpdNode node = new VrrpdNode(lab, host, config, socket);
        node.restart();
        return node;
    }

    static String yaml(Path socket, String instancesYaml) {
        return yaml(socket, "", instancesYaml);
    }

    /** {@code globalExtra}: more {@code global:} keys, each line indented two spaces and ending in a newline. */
    static String yaml(Path socket, String globalExtra, String instancesYaml) {
        return "global:\n  control_socket: " + socket + "\n  log_level: debug\n" + globalExtra + "instances:\n"
                + instancesYaml;
    }

    /** Like {@link #start(Lab, String, String)}, with extra {@code global:} keys (notify_fifo, metrics, ...). */
    public static VrrpdNode start(Lab lab, String host, String globalExtra, String instancesYaml) throws IOException {
        Path socket = lab.file(host + "-vrrpd.sock");
        Path config = lab.writeFile(host + "-vrrpd.yaml", yaml(socket, globalExtra, instancesYaml));
        VrrpdNode node = new VrrpdNode(lab, host, config, socket);
        node.restart();
        return node;
    }

    /** Like {@link #start(Lab, String, String, String)}, with extra JVM options (e.g. {@code -Dvrrpd.rt_priority=50}). */
    public static VrrpdNode start(Lab lab, String host, String globalExtra, String instancesYaml, List<String> jvmArgs)
            throws IOException {
        Path socket = lab.file(host + "-vrrpd.sock");
        Path config = lab.writeFile(host + "-vrrpd.yaml", yaml(socket, globalExtra, instancesYaml));
        VrrpdNode node = new VrrpdNode(lab, host, config, socket);
        node.jvmArgs = List.copyOf(jvmArgs);
        node.restart();
        return node;
    }

    /** Rewrites the config file with extra {@code global:} keys (for reload tests). */
    public void rewrite(String globalExtra, String instancesYaml) throws IOException {
        lab.writeFile(host + "-vrrpd.yaml", yaml(socket, globalExtra, instancesYaml));
    }

    /** Rewrites the config file (for reload tests). */
    public void rewrite(String instancesYaml) throws IOException {
        lab.writeFile(host + "-vrrpd.yaml", yaml(socket, instancesYaml));
    }

    /** Starts (again) the daemon and waits until its control socket answers. */
    public void restart() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms32m");
        cmd.add("-Xmx64m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.vrrpd.daemon.Main");
        cmd.add("--config");
        cmd.add(config.toString());
        process = lab.spawn(host, "vrrpd-" + host + (starts++ == 0 ? "" : "-" + starts), cmd);
        Poll.until(host + " vrrpd control socket answering", Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) {
                throw new AssertionError(host + " vrrpd exited: " + process.logText());
            }
            return status() != null;
        });
    }

    /** The daemon's status document, or null while it does not answer. */
    public JsonNode status() {
        try {
            return new ControlClient(socket).call("status", null);
        } catch (ControlException e) {
            return null;
        }
    }

    public JsonNode call(String command, JsonNode args) throws ControlException {
        return new ControlClient(socket).call(command, args);
    }

    /** The state of the named instance ("MASTER", "BACKUP", ...), or "DOWN" when the daemon does not answer. */
    public String state(String instance) {
        JsonNode s = status();
        if (s == null) {
            return "DOWN";
        }
        for (JsonNode i : s.path("instances")) {
            if (i.path("name").asText().equals(instance)) {
                return i.path("state").asText();
            }
        }
        return "UNKNOWN";
    }

    public JsonNode instance(String instance) {
        JsonNode s = status();
        if (s != null) {
            for (JsonNode i : s.path("instances")) {
                if (i.path("name").asText().equals(instance)) {
                    return i;
                }
            }
        }
        return null;
    }

    public LabProcess process() {
        return process;
    }

    public Path socket() {
        return socket;
    }

    public Path config() {
        return config;
    }

    public String host() {
        return host;
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
    }
}
