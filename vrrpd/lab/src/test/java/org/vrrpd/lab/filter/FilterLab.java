package org.vrrpd.lab.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Routers r1 and r2 and a client (hosts 1, 2 and 3) on one lab bridge, a TCP and a UDP echo service listening
 * on every address of r1 and r2, and the probes the filter tests make: a TCP connect and a UDP exchange from the
 * client, the client's neighbour entry, and {@code nft} listings of a host.
 */
final class FilterLab implements AutoCloseable {

    static final String NAME = "vi";
    static final int VRID = 42;
    static final int TCP_PORT = 8025;
    static final int UDP_PORT = 8053;
    static final Duration SETTLE = Duration.ofSeconds(20);

    private static final String SERVER = String.join("\n",
            "import socket, threading",
            "def tcp():",
            "    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)",
            "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)",
            "    s.bind(('::', " + TCP_PORT + ")); s.listen(16)",
            "    while True:",
            "        c, _ = s.accept(); c.sendall(b'tcp-ok\\n'); c.close()",
            "threading.Thread(target=tcp, daemon=True).start()",
            "u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)",
            "u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)",
            "u.bind(('::', " + UDP_PORT + "))",
            "while True:",
            "    d, a = u.recvfrom(512); u.sendto(b'udp-ok', a)",
            "");
    /** Prints "ok" or "fail: why"; always exits 0. */
    private static final String CLIENT = String.join("\n",
            "import socket, sys",
            "addr, proto = sys.argv[1], sys.argv[2]",
            "fam = socket.AF_INET6 if ':' in addr else socket.AF_INET",
            "try:",
            "    if proto == 'tcp':",
            "        s = socket.create_connection((addr, " + TCP_PORT + "), timeout=1.5)",
            "        ok = s.recv(16) == b'tcp-ok\\n'",
            "    else:",
            "        s = socket.socket(fam, socket.SOCK_DGRAM); s.settimeout(1.5)",
            "        s.sendto(b'ping', (addr, " + UDP_PORT + ")); ok = s.recv(16) == b'udp-ok'",
            "    print('ok' if ok else 'fail: wrong answer')",
            "except Exception as e:",
            "    print('fail: ' + str(e))",
            "");

    final Lab lab;
    final Variant v;

    FilterLab(Variant v) throws IOException {
        this.v = v;
        this.lab = Lab.create();
        try {
            for (int n = 1; n <= 3; n++) {
                lab.addHost(n == 3 ? "client" : "r" + n, v.ipv6 ? "192.0.2." + n + "/24" : v.hostCidr(n),
                        v.ipv6 ? v.hostCidr(n) : null);
            }
            lab.writeFile("server.py", SERVER);
            lab.writeFile("client.py", CLIENT);
            for (String host : List.of("r1", "r2")) {
                LabProcess p = lab.spawn(host, "echo-" + host, List.of("python3", lab.file("server.py").toString()));
                Poll.until(host + " echo service answering on its own address", SETTLE,
                        () -> p.isAlive() && probe(v.hostAddress(host.equals("r1") ? 1 : 2), "tcp").equals("ok"));
            }
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** The instance of host {@code n}; {@code extra} is appended to its YAML. */
    String instance(int n, int priority, String extra) {
        return v.vrrpdInstance(NAME, VRID, priority, n, new int[] {n == 1 ? 2 : 1}, extra);
    }

    VrrpdNode vrrpd(int n, int priority, String extra) throws IOException {
        return VrrpdNode.start(lab, "r" + n, instance(n, priority, extra));
    }

    /** "ok" when the client's TCP connect (or UDP exchange) with {@code address} got the service's answer. */
    String probe(String address, String proto) throws IOException {
        return lab.exec("client", "python3", lab.file("client.py").toString(), address, proto).trim();
    }

    void awaitState(VrrpdNode node, String state) {
        Poll.until(node.host() + " " + state, SETTLE, () -> state.equals(node.state(NAME)));
    }

    boolean hasVip(int n) throws IOException {
        return lab.hasAddress("r" + n, "eth0", v.vip());
    }

    /** The client's neighbour entry for the VIP, as {@code ip neigh} prints it. */
    String clientNeighbour() throws IOException {
        return lab.run("ip", "-n", lab.ns("client"), "neigh", "show", "dev", "eth0", "to", v.vip()).trim();
    }

    /** The MAC lab host {@code n} has. */
    static String mac(int n) {
        return String.format("02:00:00:00:00:%02x", n);
    }

    /** {@code nft list table inet vrrpd} on a router, or "" when there is no such table. */
    String table(int n) throws IOException {
        String all = lab.exec("r" + n, "nft", "list", "tables");
        return all.contains("table inet vrrpd") ? lab.exec("r" + n, "nft", "list", "table", "inet", "vrrpd") : "";
    }

    /** The {@code kernelFilter} part of a node's status. */
    static JsonNode filter(VrrpdNode node) {
        JsonNode s = node.status();
        return s == null ? null : s.path("kernelFilter");
    }

    @Override
    public void close() {
        lab.close();
    }
}
