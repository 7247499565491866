package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.HistoryEntry;
import org.vrrpd.status.HistoryReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code vrrpctl history}: recent state transitions with their reasons, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show recent state transitions with reasons and timestamps.")
final class HistoryCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "INSTANCE", description = "only this instance")
    String instance;

    @Option(names = {"-n", "--last"}, defaultValue = "20", description = "at most N entries (default ${DEFAULT-VALUE})")
    int last;

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
        args.put("last", last);
        int[] exit = {0};
        HistoryReply history = Vrrpctl.document(spec, "history", args, HistoryReply.class, json, exit);
        if (history == null) {
            return exit[0];
        }
        PrintWriter out = spec.commandLine().getOut();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("TIME", "INSTANCE", "FROM", "TO", "PRIORITY", "REASON"));
        for (HistoryEntry t : history.transitions()) {
            rows.add(List.of(String.valueOf(t.at()), t.instance(), String.valueOf(t.from()), String.valueOf(t.to()),
                    Integer.toString(t.priority()), t.reason()));
        }
        out.print(rows.size() == 1 ? "no transitions yet\n" : Format.table(rows));
        out.flush();
        return 0;
    }
}
