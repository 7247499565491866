package org.vrrpd.lab.ops;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.vrrpd.ctl.Vrrpctl;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * What the operations scenarios share beyond their {@link org.vrrpd.lab.fixture.Routers}: instances with their own
 * names, VRIDs and VIPs (several per daemon), and {@code vrrpctl} run against a node.
 */
final class Ops {

    private Ops() {
    }

    /** One IPv4 v3 instance on eth0 with VIP {@code 192.0.2.<vipHost>/24}. */
    static String instance(String name, int vrid, int priority, int intervalMs, int vipHost, String extra) {
        return "  - name: " + name + "\n"
                + "    interface: eth0\n"
                + "    vrid: " + vrid + "\n"
                + "    priority: " + priority + "\n"
                + "    advert_interval: " + intervalMs + "ms\n"
                + "    vips: [192.0.2." + vipHost + "/24]\n"
                + "    garp_master_delay: 0s\n"
                + "    garp_master_repeat: 1\n"
                + (extra == null ? "" : extra);
    }

    /** What one {@code vrrpctl} run printed and returned. */
    record CtlResult(int exit, String out, String err) {
    }

    /** Runs {@code vrrpctl -s SOCKET args...} in this JVM (the socket is a file; no namespace needed). */
    static CtlResult vrrpctl(VrrpdNode node, String... args) {
        List<String> all = new ArrayList<>(List.of("-s", node.socket().toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Vrrpctl.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(all.toArray(String[]::new));
        return new CtlResult(exit, out.toString(), err.toString());
    }
}
