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

/** {@code vrrpctl checks}: each check's state, last latency, rise/fall counters and last error. */
@Command(name = "checks", description = "Show each health check's state, latency, counters and last message.")
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
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(data.toPrettyString());
            out.flush();
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("INSTANCE", "CHECK", "TYPE", "STATE", "LATENCY", "OK/FAIL", "WEIGHT", "MESSAGE"));
        boolean anyDown = false;
        for (JsonNode c : data.path("checks")) {
            boolean up = c.path("up").asBoolean();
            anyDown |= !up;
            rows.add(List.of(c.path("instance").asText(), c.path("name").asText(), c.path("type").asText(),
                    up ? "up" : "DOWN", c.path("latencyMs").isNumber()
                            ? String.format("%.1fms", c.path("latencyMs").asDouble()) : "-",
                    c.path("consecutiveOk").asInt() + "/" + c.path("consecutiveFail").asInt(),
                    Format.signed(c.path("weight").asInt()), c.path("message").asText() + detail(c)));
        }
        out.print(rows.size() == 1 ? "no checks configured\n" : Format.table(rows));
        out.flush();
        return anyDown ? Vrrpctl.EXIT_NO : 0;
    }

    /** The check's detail after its message: {@code  [queue=12 version=1.0.1]}; empty when it has none. */
    static String detail(JsonNode check) {
        List<String> kv = new ArrayList<>();
        check.path("detail").fields().forEachRemaining(e -> kv.add(e.getKey() + "=" + e.getValue().asText()));
        return kv.isEmpty() ? "" : " [" + String.join(" ", kv) + "]";
    }
}
