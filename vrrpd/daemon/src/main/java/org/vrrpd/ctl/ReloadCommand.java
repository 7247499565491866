package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code vrrpctl reload}: re-read the config; a bad file is refused and the daemon keeps the old one. */
@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Re-read the configuration file; unchanged instances are not touched.")
final class ReloadCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int[] exit = {0};
        JsonNode data = Vrrpctl.call(spec, "reload", null, exit);
        if (data != null) {
            var out = spec.commandLine().getOut();
            out.println("reloaded: " + data.path("unchanged").size() + " unchanged, " + data.path("changed").size()
                    + " changed, " + data.path("added").size() + " added, " + data.path("removed").size()
                    + " removed");
            out.flush();
        }
        return exit[0];
    }
}
