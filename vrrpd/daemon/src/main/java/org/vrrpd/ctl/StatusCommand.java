package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vrrpd.control.ControlProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vrrpctl status}: one block per instance with its state, priority breakdown, master, VIPs and last
 * transition; {@code --json} for machines; {@code --is-master NAME} answers by exit code only.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show each instance's state, priority breakdown, master and VIPs.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "INSTANCE", description = "only this instance")
    String instance;

    @Option(names = "--json", description = "print the daemon's JSON")
    boolean json;

    @Option(names = "--is-master", paramLabel = "INSTANCE",
            description = "exit 0 if INSTANCE is Master here, 1 if not; prints nothing")
    String isMaster;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "1", paramLabel = "SECONDS",
            description = "repeat every SECONDS (default 1) until interrupted")
    Double watch;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        while (true) {
            int rc = once();
            if (watch == null || rc == Vrrpctl.EXIT_UNREACHABLE || isMaster != null) {
                return rc;
            }
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().flush();
            Thread.sleep((long) (watch * 1000));
        }
    }

    private int once() {
        ObjectNode args = ControlProtocol.JSON.createObjectNode();
        String only = isMaster != null ? isMaster : instance;
        if (only != null) {
            args.put("instance", only);
        }
        int[] exit = {0};
        JsonNode data = Vrrpctl.call(spec, "status", args, exit);
        if (data == null) {
            return exit[0];
        }
        PrintWriter out = spec.commandLine().getOut();
        if (isMaster != null) {
            for (JsonNode i : data.path("instances")) {
                if (i.path("name").asText().equals(isMaster)) {
                    return "MASTER".equals(i.path("state").asText()) ? 0 : Vrrpctl.EXIT_NO;
                }
            }
            spec.commandLine().getErr().println("vrrpctl: no instance named '" + isMaster + "'");
            spec.commandLine().getErr().flush();
            return Vrrpctl.EXIT_REFUSED;
        }
        if (json) {
            out.println(data.toPrettyString());
        } else {
            out.print(render(data));
        }
        out.flush();
        return 0;
    }

    static String render(JsonNode data) {
        StringBuilder sb = new StringBuilder();
        if (data.hasNonNull("configError")) {
            sb.append("config: last reload rejected: ").append(data.path("configError").asText())
                    .append(" (still running the previous config)\n\n");
        }
        for (JsonNode i : data.path("instances")) {
            JsonNode prio = i.path("priority");
            sb.append(i.path("name").asText()).append(": ").append(i.path("state").asText())
                    .append(i.path("maintenance").asBoolean() ? " (maintenance)" : "")
                    .append(" for ").append(Format.duration(i.path("inStateMs").asLong())).append('\n');
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("  interface", i.path("interface").asText() + "  vrid " + i.path("vrid").asInt()
                    + "  " + i.path("family").asText() + "  VRRPv" + i.path("version").asInt()));
            rows.add(List.of("  priority", priorityLine(prio)));
            JsonNode master = i.path("master");
            rows.add(List.of("  master", master.isMissingNode() || master.isNull() ? "unknown"
                    : master.path("address").asText() + (master.path("self").asBoolean() ? " (this node)" : "")
                            + " (priority " + master.path("priority").asInt()
                            + ", advert " + master.path("adverIntervalCs").asInt() * 10 + "ms)"));
            rows.add(List.of("  vips", String.join(", ", Format.texts(i.path("vips")))));
            JsonNode last = i.path("lastTransition");
            if (!last.isMissingNode() && !last.isNull()) {
                rows.add(List.of("  last change", last.path("from").asText() + " -> " + last.path("to").asText()
                        + " (" + last.path("reason").asText() + ") at " + last.path("at").asText()));
            }
            sb.append(Format.table(rows));
        }
        if (data.path("instances").isEmpty()) {
            sb.append("no instances configured\n");
        }
        return sb.toString();
    }

    static String priorityLine(JsonNode prio) {
        StringBuilder sb = new StringBuilder();
        sb.append(prio.path("effective").asInt()).append(" = base ").append(prio.path("base").asInt());
        for (JsonNode c : prio.path("contributions")) {
            int delta = c.path("delta").asInt();
            if (delta != 0) {
                sb.append(' ').append(Format.signed(delta)).append(' ').append(c.path("check").asText())
                        .append(c.path("up").asBoolean() ? " (up)" : " (down)");
            }
        }
        if (prio.path("clamped").asBoolean()) {
            sb.append(" (clamped to 1..254)");
        }
        for (JsonNode f : prio.path("faults")) {
            sb.append("; FAULT: ").append(f.asText());
        }
        return sb.toString();
    }
}
