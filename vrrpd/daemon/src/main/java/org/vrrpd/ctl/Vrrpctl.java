package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vrrpd.control.ControlClient;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vrrpctl}: asks a running vrrpd over its control socket. Writes only through picocli's out and err.
 *
 * <p>Exit codes: 0 done; 1 a yes/no question answered no ({@code status --is-master}) or a check failed;
 * 2 bad usage; 3 no daemon answers at the socket; 4 the daemon refused or failed the request; 5 permission
 * denied on the socket.
 */
@Command(name = "vrrpctl", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Query and steer a running vrrpd.",
        subcommands = {StatusCommand.class, ChecksCommand.class, HistoryCommand.class, PreflightCommand.class,
            MaintenanceCommand.class,
            ReloadCommand.class, VersionCommand.class, ImportKeepalivedCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:answered no (status --is-master), a check failed, or preflight heard an incompatible peer", "2:bad usage",
            "3:no daemon answers at the control socket", "4:the daemon refused or failed the request",
            "5:permission denied on the control socket (root or the admin group only)"})
public final class Vrrpctl implements Callable<Integer> {

    public static final int EXIT_NO = 1;
    public static final int EXIT_UNREACHABLE = 3;
    public static final int EXIT_REFUSED = 4;
    public static final int EXIT_DENIED = 5;

    @Option(names = {"-s", "--socket"}, description = "control socket (default: ${DEFAULT-VALUE})",
            defaultValue = "/run/vrrpd/vrrpd.sock", scope = CommandLine.ScopeType.INHERIT)
    Path socket;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line, for the launcher and for tests that set their own out/err writers. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new Vrrpctl());
    }

    /**
     * Calls the daemon and reads the reply into the record it built; on failure prints the reason to err and
     * returns null with {@code exit} set.
     */
    static <T> T call(CommandLine.Model.CommandSpec spec, String command, JsonNode args, Class<T> type, int[] exit) {
        return document(spec, command, args, type, false, exit);
    }

    /**
     * As {@link #call(CommandLine.Model.CommandSpec, String, JsonNode, Class, int[])}, but with {@code json} the
     * daemon's document is printed as it came ({@code --json}) and null is returned with exit 0.
     */
    static <T> T document(CommandLine.Model.CommandSpec spec, String command, JsonNode args, Class<T> type,
                          boolean json, int[] exit) {
        JsonNode data = call(spec, command, args, exit);
        if (data == null) {
            return null;
        }
        if (json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(data.toPrettyString());
            out.flush();
            return null;
        }
        try {
            return ControlProtocol.read(data, type);
        } catch (ControlException e) {
            exit[0] = refused(spec, e);
            return null;
        }
    }

    /** Calls the daemon; on failure prints the reason to err and returns null with {@code exit} set. */
    static JsonNode call(CommandLine.Model.CommandSpec spec, String command, JsonNode args, int[] exit) {
        Vrrpctl root = (Vrrpctl) spec.root().userObject();
        try {
            return new ControlClient(root.socket).call(command, args == null ? ControlProtocol.JSON.createObjectNode()
                    : args);
        } catch (ControlException e) {
            exit[0] = refused(spec, e);
            return null;
        }
    }

    /** Prints why a call failed to err; returns the exit code for it. */
    static int refused(CommandLine.Model.CommandSpec spec, ControlException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("vrrpctl: " + e.getMessage());
        err.flush();
        return switch (e.code()) {
            case "unreachable" -> EXIT_UNREACHABLE;
            case "denied" -> EXIT_DENIED;
            default -> EXIT_REFUSED;
        };
    }
}
