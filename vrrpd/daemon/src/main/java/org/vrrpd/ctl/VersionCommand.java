package org.vrrpd.ctl;

import java.util.concurrent.Callable;
import org.vrrpd.status.VersionReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

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
        VersionReply data = Vrrpctl.call(spec, "version", null, VersionReply.class, exit);
        if (data != null) {
            out.println("vrrpd   " + (data.version() == null ? "?" : data.version()) + " (pid " + data.pid()
                    + ", up " + Format.duration(data.uptimeMs()) + ")");
        }
        out.flush();
        return exit[0];
    }
}
