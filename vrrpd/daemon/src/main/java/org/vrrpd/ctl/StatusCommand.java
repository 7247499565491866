package org.vrrpd.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.status.InstanceStatus;
import org.vrrpd.status.LastTransition;
import org.vrrpd.status.MasterStatus;
import org.vrrpd.status.PriorityContribution;
import org.vrrpd.status.PriorityStatus;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.SyncGroupStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code vrrpctl status}: one block per instance with its state, priority breakdown, master, VIPs and last
 * transition; {@code --json} for machines; {@code --is-master NAME} answers by exit code only.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show each instance's state, priority breakdown, master and VIPs.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "INSTANCE", description = "only this instance")
    String instance;

    @Option(names = "--json", description = "print the daemon's JSON")
    boolean json;

    @Option(names = "--is-master", paramLabel = "INSTANCE",
            description = "exit 0 if INSTANCE is Master here, 1 if not; prints nothing")
    String isMaster;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "1", paramLabel = "SECONDS",
            description = "repeat every SECONDS (default 1) until interrupted")
    Double watch;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        while (true) {
            int rc = once();
            if (watch == null || rc == Vrrpctl.EXIT_UNREACHABLE || isMaster != null) {
                return rc;
            }
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().flush();
            Thread.sleep((long) (watch * 1000));
        }
    }

    private int once() {
        ObjectNode args = ControlProtocol.JSON.createObjectNode();
        String only = isMaster != null ? isMaster : instance;
        if (only != null) {
            args.put("instance", only);
        }
        int[] exit = {0};
        StatusReply status = Vrrpctl.document(spec, "status", args, StatusReply.class, json && isMaster == null,
                exit);
        if (status == null) {
            return exit[0];
        }
        PrintWriter out = spec.commandLine().getOut();
        if (isMaster != null) {
            InstanceStatus i = status.instance(isMaster);
            if (i != null) {
                return i.state() == VrrpState.MASTER ? 0 : Vrrpctl.EXIT_NO;
            }
            spec.commandLine().getErr().println("vrrpctl: no instance named '" + isMaster + "'");
            spec.commandLine().getErr().flush();
            return Vrrpctl.EXIT_REFUSED;
        }
        out.print(render(status));
        out.flush();
        return 0;
    }

    static String render(StatusReply data) {
        StringBuilder sb = new StringBuilder();
        if (data.configError() != null) {
            sb.append("config: last reload rejected: ").append(data.configError())
                    .append(" (still running the previous config)\n\n");
        }
        for (InstanceStatus i : data.instances()) {
            sb.append(i.name()).append(": ").append(Format.text(i.state()))
                    .append(i.maintenance() ? " (maintenance)" : "")
                    .append(" for ").append(Format.duration(i.inStateMs())).append('\n');
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("  interface", Format.text(i.interfaceName()) + "  vrid " + i.vrid()
                    + "  " + Format.text(i.family()) + "  VRRPv" + i.version()
                    + (i.authentication() == null ? "" : "  auth " + Format.text(i.authentication()))));
            rows.add(List.of("  priority", priorityLine(i.priority())));
            MasterStatus master = i.master();
            rows.add(List.of("  master", master == null ? "unknown"
                    : Format.text(master.address()) + (master.self() ? " (this node)" : "")
                            + " (priority " + master.priority()
                            + ", advert " + master.adverIntervalCs() * 10 + "ms)"));
            rows.add(List.of("  vips", String.join(", ", i.vips())));
            if (i.hold() != null) {
                rows.add(List.of("  held", Format.text(i.hold())));
            }
            LastTransition last = i.lastTransition();
            if (last != null) {
                rows.add(List.of("  last change", Format.text(last.from()) + " -> " + Format.text(last.to())
                        + " (" + Format.text(last.reason()) + ") at " + Format.text(last.at())));
            }
            sb.append(Format.table(rows));
        }
        if (data.instances().isEmpty()) {
            sb.append("no instances configured\n");
        }
        for (SyncGroupStatus g : data.syncGroups()) {
            sb.append("sync group ").append(g.name()).append(": ").append(Format.text(g.state()));
            if (g.since() != null) {
                sb.append(" since ").append(Format.text(g.since()));
            }
            sb.append('\n');
            List<String> members = new ArrayList<>();
            for (SyncGroupStatus.Member m : g.members()) {
                members.add(m.name() + " " + Format.text(m.state()) + (m.ownFault() ? " (own fault)" : "")
                        + (m.waiting() ? " (waiting for the group)" : ""));
            }
            sb.append(Format.table(List.of(List.of("  members", String.join(", ", members)),
                    List.of("  last change", Format.text(g.reason())))));
        }
        return sb.toString();
    }

    static String priorityLine(PriorityStatus prio) {
        if (prio == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(prio.effective()).append(" = base ").append(prio.base());
        for (PriorityContribution c : prio.contributions()) {
            if (c.delta() != 0) {
                sb.append(' ').append(Format.signed(c.delta())).append(' ').append(Format.text(c.check()))
                        .append(c.up() ? " (up)" : " (down)");
            }
        }
        if (prio.clamped()) {
            sb.append(" (clamped to 1..254)");
        }
        for (String f : prio.faults()) {
            sb.append("; FAULT: ").append(f);
        }
        return sb.toString();
    }
}
