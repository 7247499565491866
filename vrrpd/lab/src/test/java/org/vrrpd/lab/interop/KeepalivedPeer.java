package org.vrrpd.lab.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vrrpd.lab.fixture.Cmd;
import org.vrrpd.lab.fixture.KeepalivedNode;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;

/**
 * Debian's keepalived 2.2.7 as the interop peer of a vrrpd node: one VRRP instance in a lab namespace, started
 * in the foreground with {@code --dont-respawn} (so killing its VRRP child is a crash, not a respawn) and with
 * {@code TMPDIR} pointing into the lab, so its JSON dump ({@code SIGJSON}, written by the VRRP child to
 * {@code $TMPDIR/keepalived.json}) is private to this node. Its view of the protocol is read from that dump
 * (state, master_priority, the receive statistics) and from its log.
 */
final class KeepalivedPeer implements AutoCloseable {

    /** keepalived's VRRP_STATE_* values in the JSON dump ({@code vrrp.h}). */
    static final int STATE_BACKUP = 1;
    static final int STATE_MASTER = 2;

    /** How often to poll keepalived's JSON dump (each poll is a signal and a log line in keepalived). */
    static final Duration POLL = Duration.ofMillis(200);

    /**
     * keepalived 2.2.7's complaints about a received VRRP packet ({@code vrrp_check_packet} in vrrp.c and
     * {@code vrrp_dispatcher_read} in vrrp_scheduler.c), plus any line mentioning a checksum, a TTL or a bad,
     * invalid, wrong or mismatching value. A clean interop run logs none of them.
     */
    static final Pattern RECEIVE_COMPLAINT = Pattern.compile("(?i)vrrp packet too (long|short)|invalid TTL"
            + "|wrong version|invalid auth|auth, expecting|invalid passwd|advertisement interval mismatch"
            + "|invalid packet type|unexpected ip number count|ip_tot_len mismatch|checksum|expected \\w+icast packet"
            + "|expected \\d+ VIPs|not present in MASTER advert|not a unicast peer|TTL/HL|Unknown VRID"
            + "|discarding \\w+icast packet|\\bbad\\b|invalid|wrong|mismatch|already processed|AH header");

    /** The statistics keepalived counts for packets it drops (vrrp_json.c); all must stay 0. */
    static final List<String> ERROR_STATS = List.of("packet_len_err", "advert_interval_err", "ip_ttl_err",
            "invalid_type_rcvd", "addr_list_err", "invalid_authtype", "authtype_mismatch", "auth_failure");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile String jsonSignal;

    private final Lab lab;
    private final String host;
    private final KeepalivedNode.Settings settings;
    private final Path tmpDir;
    private final List<LabProcess> runs = new ArrayList<>();

    private KeepalivedPeer(Lab lab, String host, KeepalivedNode.Settings settings, Path tmpDir) {
        this.lab = lab;
        this.host = host;
        this.settings = settings;
        this.tmpDir = tmpDir;
    }

    /** Starts keepalived on router {@code n} of {@code p} with the instance vrrpd would run there. */
    static KeepalivedPeer start(Routers p, int n, int priority) throws IOException {
        return start(p.lab, "r" + n, p.keepalivedSettings(n, priority));
    }

    /** Waits until keepalived's JSON dump reports {@code state} (polled every {@link #POLL}). */
    static void awaitState(KeepalivedPeer node, int state, Duration max) {
        Poll.until("keepalived state " + state, max, POLL, () -> node.state() == state);
    }

    /**
     * Waits until keepalived is Backup under a Master advertising {@code masterPriority} and has heard at least
     * {@code adverts} of its adverts.
     */
    void awaitBackupUnder(int masterPriority, long adverts, Duration max) {
        Poll.until("keepalived Backup under priority " + masterPriority + "'s adverts", max, POLL, () -> {
            JsonNode j = instance();
            return j.path("data").path("state").asInt() == STATE_BACKUP
                    && j.path("data").path("master_priority").asInt() == masterPriority
                    && j.path("stats").path("advert_rcvd").asLong() >= adverts;
        });
    }

    static KeepalivedPeer start(Lab lab, String host, KeepalivedNode.Settings settings) throws IOException {
        Path tmp = Files.createDirectories(lab.file(host + "-keepalived-tmp"));
        lab.writeFile(host + "-keepalived.conf", KeepalivedNode.render(settings));
        KeepalivedPeer peer = new KeepalivedPeer(lab, host, settings, tmp);
        peer.restart();
        return peer;
    }

    /** Starts keepalived (again) with the same configuration, and waits until its VRRP child is up. */
    void restart() throws IOException {
        if (!runs.isEmpty() && process().isAlive()) {
            throw new IllegalStateException(host + " keepalived is still running");
        }
        String base = host + "-keepalived";
        Files.deleteIfExists(lab.file(base + "-vrrp.pid"));
        List<String> cmd = List.of("env", "TMPDIR=" + tmpDir, "keepalived", "--dont-fork", "--dont-respawn",
                "--log-console", "--log-detail", "--vrrp", "--use-file=" + lab.file(base + ".conf"),
                "--pid=" + lab.file(base + ".pid"), "--vrrp_pid=" + lab.file(base + "-vrrp.pid"));
        LabProcess p = lab.spawn(host, base + (runs.isEmpty() ? "" : "-" + (runs.size() + 1)), cmd);
        runs.add(p);
        Poll.until(host + " keepalived VRRP child running", Duration.ofSeconds(20), () -> {
            if (!p.isAlive()) {
                throw new AssertionError(host + " keepalived exited: " + p.logText());
            }
            return p.logText().contains("Entering BACKUP STATE");
        });
    }

    /** The current (latest) keepalived parent process. */
    LabProcess process() {
        return runs.get(runs.size() - 1);
    }

    KeepalivedNode.Settings settings() {
        return settings;
    }

    /** Graceful stop: SIGTERM to the parent, which stops the VRRP child (priority 0 advert, VIPs removed). */
    void stop() throws IOException, InterruptedException {
        process().signal("TERM");
        process().waitForExit(Duration.ofSeconds(15));
    }

    /**
     * A crash: SIGKILL to the VRRP child, which therefore sends no priority-0 advert and leaves its VIPs behind.
     * With {@code --dont-respawn} the parent then exits instead of starting a new child.
     */
    void crash() throws IOException, InterruptedException {
        long child = Long.parseLong(Files.readString(lab.file(host + "-keepalived-vrrp.pid")).trim());
        Cmd.run(Duration.ofSeconds(5), "kill", "-KILL", Long.toString(child));
        process().waitForExit(Duration.ofSeconds(15));
    }

    /** The instance object of keepalived's JSON dump ({@code data} and {@code stats}), freshly written. */
    JsonNode instance() throws IOException {
        Path file = tmpDir.resolve("keepalived.json");
        Files.deleteIfExists(file);
        process().signal(signal());
        JsonNode[] box = new JsonNode[1];
        Poll.until(host + " keepalived JSON dump", Duration.ofSeconds(5), Duration.ofMillis(10), () -> {
            if (!Files.exists(file)) {
                return false;
            }
            JsonNode all = JSON.readTree(file.toFile()); // throws until the file is complete
            box[0] = all.get(0);
            return box[0] != null;
        });
        return box[0];
    }

    /** keepalived's state (STATE_BACKUP, STATE_MASTER, ...) from its JSON dump. */
    int state() throws IOException {
        return instance().path("data").path("state").asInt(-1);
    }

    /** Every log line of every run of this node that complains about a received packet. */
    List<String> receiveComplaints() {
        List<String> out = new ArrayList<>();
        for (LabProcess p : runs) {
            for (String line : p.logText().split("\n")) {
                if (RECEIVE_COMPLAINT.matcher(line).find()) {
                    out.add(p.name() + ": " + line);
                }
            }
        }
        return out;
    }

    /** All runs' logs, for failure messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        runs.forEach(p -> b.append("--- ").append(p.name()).append('\n').append(p.logText()));
        return b.toString();
    }

    private static String signal() throws IOException {
        if (jsonSignal == null) {
            jsonSignal = Cmd.run(Duration.ofSeconds(5), "keepalived", "--signum=JSON").trim();
        }
        return jsonSignal;
    }

    @Override
    public void close() {
        if (!runs.isEmpty()) {
            process().stop(Duration.ofSeconds(5));
        }
    }
}
