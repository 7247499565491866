package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.CheckReport;
import org.vrrpd.status.ChecksReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code vrrpctl checks}: each check's state, last latency, rise/fall counters and last error. */
@Command(name = "checks", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show each health check's state, latency, counters and last message.")
final class ChecksCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "INSTANCE", description = "only this instance")
    String instance;

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
        int[] exit = {0};
        JsonNode data = Vrrpctl.call(spec, "checks", args, exit);
        if (data == null) {
            return exit[0];
        }
        ChecksReply checks;
        try {
            checks = ControlProtocol.read(data, ChecksReply.class);
        } catch (ControlException e) {
            return Vrrpctl.refused(spec, e);
        }
        // the same exit status with --json and without: 1 when any check or tracked interface is down
        int status = checks.checks().stream().allMatch(CheckReport::up) ? 0 : Vrrpctl.EXIT_NO;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(data.toPrettyString());
            out.flush();
            return status;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("INSTANCE", "CHECK", "TYPE", "STATE", "LATENCY", "OK/FAIL", "WEIGHT", "MESSAGE"));
        for (CheckReport c : checks.checks()) {
            rows.add(List.of(Format.text(c.instance()), Format.text(c.name()), Format.text(c.type()),
                    c.up() ? "up" : "DOWN", c.latencyMs() != null ? String.format("%.1fms", c.latencyMs()) : "-",
                    c.consecutiveOk() + "/" + c.consecutiveFail(), Format.signed(c.weight()),
                    Format.text(c.message()) + detail(c)));
        }
        out.print(rows.size() == 1 ? "no checks configured\n" : Format.table(rows));
        out.flush();
        return status;
    }

    /** The check's detail after its message: {@code  [queue=12 version=1.0.1]}; empty when it has none. */
    static String detail(CheckReport check) {
        List<String> kv = new ArrayList<>();
        check.detail().forEach((k, v) -> kv.add(k + "=" + v));
        return kv.isEmpty() ? "" : " [" + String.join(" ", kv) + "]";
    }
}
