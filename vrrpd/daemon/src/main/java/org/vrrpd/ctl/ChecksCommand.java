package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.CheckReport;
import org.vrrpd.status.ChecksReply;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
        ChecksReply checks = Vrrpctl.document(spec, "checks", args, ChecksReply.class, json, exit);
        if (checks == null) {
            return exit[0];
        }
        PrintWriter out = spec.commandLine().getOut();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("INSTANCE", "CHECK", "TYPE", "STATE", "LATENCY", "OK/FAIL", "WEIGHT", "MESSAGE"));
        boolean anyDown = false;
        for (CheckReport c : checks.checks()) {
            anyDown |= !c.up();
            rows.add(List.of(Format.text(c.instance()), Format.text(c.name()), Format.text(c.type()), c.up() ? "up" : "DOWN",
                    c.latencyMs() != null ? String.format("%.1fms", c.latencyMs()) : "-",
                    c.consecutiveOk() + "/" + c.consecutiveFail(), Format.signed(c.weight()), Format.text(c.message())));
        }
        out.print(rows.size() == 1 ? "no checks configured\n" : Format.table(rows));
        out.flush();
        return anyDown ? Vrrpctl.EXIT_NO : 0;
    }
}
