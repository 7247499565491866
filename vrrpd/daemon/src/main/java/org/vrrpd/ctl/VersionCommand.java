package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code vrrpctl version}: this tool's version and, when a daemon answers, the daemon's. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Print vrrpctl's version and the running daemon's.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("vrrpctl " + Version.string());
        int[] exit = {0};
        JsonNode data = Vrrpctl.call(spec, "version", null, exit);
        if (data != null) {
            out.println("vrrpd   " + data.path("version").asText("?") + " (pid " + data.path("pid").asText("?")
                    + ", up " + Format.duration(data.path("uptimeMs").asLong()) + ")");
        }
        out.flush();
        return exit[0];
    }
}
