package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vrrpd.check.api.Durations;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.InstancePreflight;
import org.vrrpd.status.PeerStatus;
import org.vrrpd.status.PreflightReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vrrpctl preflight}: what the segment speaks on each instance's VRID, per peer, and what differs from
 * this node's configuration with the fix. Exit 1 when a peer would split the brain.
 */
@Command(name = "preflight", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Show the VRRP peers heard on each instance's VRID (version, authentication, interval,"
            + " checksum form, VIPs, priority) and every difference from this node's configuration, with the fix.",
            "Exit 1 when a peer would give two Masters (authentication, version, VIPs, VRRPv2 interval)."})
final class PreflightCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "INSTANCE", description = "only this instance")
    String instance;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "listen this long (e.g. 5s) and report the peers heard meanwhile; without it, the peers"
                    + " heard in the last three advert intervals")
    String listen;

    @Option(names = "--json", description = "print the daemon's JSON")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ObjectNode args = ControlProtocol.JSON.createObjectNode();
        if (instance != null) {
            args.put("instance", instance);
        }
        if (listen != null) {
            Duration d;
            try {
                d = Durations.parse(listen);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--for: " + e.getMessage());
            }
            args.put("for_ms", Math.max(1, d.toMillis()));
        }
        int[] exit = {0};
        JsonNode data = Vrrpctl.call(spec, "preflight", args, exit);
        if (data == null) {
            return exit[0];
        }
        PreflightReply reply;
        try {
            reply = ControlProtocol.read(data, PreflightReply.class);
        } catch (ControlException e) {
            return Vrrpctl.refused(spec, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? data.toPrettyString() + "\n" : render(reply));
        out.flush();
        return reply.incompatible() ? Vrrpctl.EXIT_NO : 0;
    }

    static String render(PreflightReply reply) {
        StringBuilder sb = new StringBuilder();
        for (InstancePreflight i : reply.instances()) {
            sb.append(i.name()).append(": VRID ").append(i.vrid()).append(", VRRPv").append(i.version())
                    .append(", auth ").append(i.authentication()).append(", advert ")
                    .append(Format.duration(i.intervalMs())).append(", checksum ").append(i.checksum())
                    .append(", vips ").append(String.join(" ", i.vips())).append("; on_incompatible ")
                    .append(i.onIncompatible()).append('\n');
            if (i.hold() != null) {
                sb.append("  HELD: ").append(i.hold()).append('\n');
            }
            if (i.peers().isEmpty()) {
                sb.append("  no peer heard in ").append(Format.duration(i.windowMs()))
                        .append(" (this node would be the only router on VRID ").append(i.vrid()).append(")\n");
                continue;
            }
            sb.append("  peers heard in ").append(Format.duration(i.windowMs())).append(":\n");
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("  PEER", "VERSION", "PRIORITY", "AUTH", "INTERVAL", "CHECKSUM", "VIPS", "ADVERTS",
                    "STATUS"));
            for (PeerStatus p : i.peers()) {
                rows.add(List.of("  " + p.source(), "v" + p.version(), Integer.toString(p.priority()),
                        p.authentication() + (p.authenticationMatches() ? "" : " (differs)"),
                        Format.duration(p.intervalMs()), p.checksum(), String.join(" ", p.vips()),
                        Long.toString(p.adverts()), status(p)));
            }
            sb.append(Format.table(rows));
            for (PeerStatus p : i.peers()) {
                for (String d : p.differences()) {
                    sb.append("    ").append(p.source()).append(": ").append(d).append('\n');
                }
            }
        }
        if (reply.instances().isEmpty()) {
            sb.append("no instances configured\n");
        }
        return sb.toString();
    }

    private static String status(PeerStatus p) {
        String s = p.left() ? "left (priority 0)" : p.compatible() ? "compatible" : "INCOMPATIBLE";
        return p.dropReason() == null ? s : s + ", dropped here: " + p.dropReason();
    }
}
