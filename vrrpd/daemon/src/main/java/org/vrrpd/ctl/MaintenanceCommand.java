package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.MaintenanceReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vrrpctl maintenance on|off [INSTANCE]}: hand the VIP over gracefully (a priority-0 advert, so the
 * Backup takes over after Skew_Time) and stay Backup until turned off. Survives reloads.
 */
@Command(name = "maintenance", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Hand the VIP over and stay Backup (on), or rejoin the election (off).")
final class MaintenanceCommand implements Callable<Integer> {

    enum Mode { on, off }

    @Parameters(index = "0", paramLabel = "on|off", description = "on or off")
    Mode mode;

    @Parameters(index = "1", arity = "0..1", paramLabel = "INSTANCE", description = "one instance (default: all)")
    String instance;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ObjectNode args = ControlProtocol.JSON.createObjectNode();
        args.put("on", mode == Mode.on);
        if (instance != null) {
            args.put("instance", instance);
        }
        int[] exit = {0};
        MaintenanceReply data = Vrrpctl.call(spec, "maintenance", args, MaintenanceReply.class, exit);
        if (data != null) {
            for (String name : data.instances()) {
                spec.commandLine().getOut().println(name + ": maintenance " + mode);
            }
            spec.commandLine().getOut().flush();
        }
        return exit[0];
    }
}
