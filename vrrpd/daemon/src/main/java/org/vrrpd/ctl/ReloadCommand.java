package org.vrrpd.ctl;

import java.util.concurrent.Callable;
import org.vrrpd.status.ReloadSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code vrrpctl reload}: re-read the config; a bad file is refused and the daemon keeps the old one. */
@Command(name = "reload", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Re-read the configuration file; unchanged instances are not touched.",
            "Prints the global: keys applied, and those that take effect only at the next restart."})
final class ReloadCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int[] exit = {0};
        ReloadSummary data = Vrrpctl.call(spec, "reload", null, ReloadSummary.class, exit);
        if (data != null) {
            var out = spec.commandLine().getOut();
            out.println("reloaded: " + data.unchanged().size() + " unchanged, " + data.changed().size()
                    + " changed (" + data.replaced().size() + " replaced), " + data.added().size() + " added, "
                    + data.removed().size() + " removed");
            if (!data.global().isEmpty()) {
                out.println("global applied: " + String.join(", ", data.global()));
            }
            if (!data.restartNeeded().isEmpty()) {
                out.println("global needing a restart (still using the old values): "
                        + String.join(", ", data.restartNeeded()) + "; run 'systemctl restart vrrpd' to apply");
            }
            out.flush();
        }
        return exit[0];
    }
}
