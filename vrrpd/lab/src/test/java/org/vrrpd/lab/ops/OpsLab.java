package org.vrrpd.lab.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.vrrpd.ctl.Vrrpctl;
import org.vrrpd.lab.fixture.Capture;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Pcap;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * The operations scenarios' topology: routers r1 and r2 (192.0.2.1, .2) on the lab bridge with a capture, plus
 * helpers to write instances, run {@code vrrpctl} against a node and pick adverts out of the capture.
 */
final class OpsLab implements AutoCloseable {

    final Lab lab;
    final Capture capture;

    OpsLab() throws IOException {
        lab = Lab.create();
        try {
            lab.addHost("r1", "192.0.2.1/24", null);
            lab.addHost("r2", "192.0.2.2/24", null);
            capture = Capture.start(lab, "ops");
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
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

    /** Adverts for {@code vrid} sent by host {@code n}, oldest first. */
    List<Pcap.Frame> adverts(int n, int vrid) throws IOException {
        InetAddress src = InetAddress.getByName("192.0.2." + n);
        return capture.frames().stream().filter(Pcap.Frame::isVrrp).filter(f -> f.vrrpVrid() == vrid)
                .filter(f -> f.ipSource().equals(src)).toList();
    }

    boolean hasVip(int n, int vipHost) throws IOException {
        return lab.hasAddress("r" + n, "eth0", "192.0.2." + vipHost);
    }

    @Override
    public void close() {
        capture.close();
        lab.close();
    }
}
