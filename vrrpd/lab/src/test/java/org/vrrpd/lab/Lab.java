package org.vrrpd.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away network of namespaces for one test class: a "lan" namespace holding bridge {@code br0}, and
 * host namespaces attached to it by veth pairs. Every name carries a per-run prefix; {@link #close()} ends
 * the processes this lab started (by their own handles, nothing else) and deletes its namespaces.
 *
 * <p>Only documentation ranges are used: 192.0.2.0/24, 198.51.100.0/24 and 2001:db8::/32.
 */
public final class Lab implements AutoCloseable {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String prefix;
    private final Path workDir;
    private final List<String> namespaces = new ArrayList<>();
    private final List<LabProcess> processes = new ArrayList<>();
    private int vethCount;

    private Lab(String prefix, Path workDir) {
        this.prefix = prefix;
        this.workDir = workDir;
    }

    /** Creates the lab and its "lan" namespace with bridge br0 (STP off, forwarding delay 0, no snooping). */
    public static Lab create() throws IOException {
        String prefix = "vl" + ProcessHandle.current().pid() + "x" + RUNS.incrementAndGet() + "-";
        Path dir = Files.createTempDirectory("vrrpd-lab-");
        Lab lab = new Lab(prefix, dir);
        try {
            lab.addNamespace("lan");
            lab.run("ip", "-n", lab.ns("lan"), "link", "add", "br0", "type", "bridge",
                    "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0");
            lab.run("ip", "-n", lab.ns("lan"), "link", "set", "br0", "up");
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    public String prefix() {
        return prefix;
    }

    public Path workDir() {
        return workDir;
    }

    /** The full namespace name of a host of this lab. */
    public String ns(String host) {
        return prefix + host;
    }

    /** Creates a host namespace with loopback up and DAD off (so IPv6 addresses are usable at once). */
    public String addNamespace(String host) throws IOException {
        String ns = ns(host);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
        run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
        return ns;
    }

    /**
     * Adds a host namespace attached to the bridge through interface {@code eth0}, with the given addresses
     * (CIDR, either may be null) and a fixed MAC so captures are readable.
     */
    public String addHost(String host, String ipv4Cidr, String ipv6Cidr) throws IOException {
        String ns = addNamespace(host);
        int n = ++vethCount;
        String peer = "v" + n;
        run("ip", "link", "add", prefix + "h" + n, "type", "veth", "peer", "name", prefix + "b" + n);
        run("ip", "link", "set", prefix + "h" + n, "netns", ns);
        run("ip", "link", "set", prefix + "b" + n, "netns", ns("lan"));
        run("ip", "-n", ns, "link", "set", prefix + "h" + n, "name", "eth0");
        run("ip", "-n", ns, "link", "set", "eth0", "address", String.format("02:00:00:00:00:%02x", n));
        run("ip", "-n", ns("lan"), "link", "set", prefix + "b" + n, "name", peer);
        run("ip", "-n", ns("lan"), "link", "set", peer, "master", "br0");
        run("ip", "-n", ns("lan"), "link", "set", peer, "up");
        if (ipv4Cidr != null) {
            run("ip", "-n", ns, "addr", "add", ipv4Cidr, "dev", "eth0");
        }
        if (ipv6Cidr != null) {
            run("ip", "-n", ns, "addr", "add", ipv6Cidr, "dev", "eth0", "nodad");
        }
        run("ip", "-n", ns, "link", "set", "eth0", "up");
        return ns;
    }

    /** The bridge port (in the lan namespace) that a host's eth0 is plugged into: v1, v2, ... in order. */
    public String bridgePortOf(int hostOrder) {
        return "v" + hostOrder;
    }

    /** Runs a command to completion (30 s at most) and returns its stdout; throws with stderr on failure. */
    public String run(String... command) throws IOException {
        return Cmd.run(Duration.ofSeconds(30), command);
    }

    /** Runs a command inside a host namespace. */
    public String exec(String host, String... command) throws IOException {
        return run(inNs(host, command));
    }

    /** Starts a long-running process inside a host namespace; its output goes to {@code <name>.log}. */
    public LabProcess spawn(String host, String name, List<String> command) throws IOException {
        LabProcess p = LabProcess.start(name, inNs(host, command.toArray(String[]::new)), workDir);
        processes.add(p);
        return p;
    }

    private String[] inNs(String host, String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = ns(host);
        System.arraycopy(command, 0, full, 4, command.length);
        return full;
    }

    /** The addresses on a host's interface, one per line as {@code ip -o addr} prints them. */
    public String addresses(String host, String ifname) throws IOException {
        return run("ip", "-n", ns(host), "-o", "addr", "show", "dev", ifname);
    }

    public boolean hasAddress(String host, String ifname, String address) throws IOException {
        for (String line : addresses(host, ifname).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[3].startsWith(address + "/")) {
                return true;
            }
        }
        return false;
    }

    public Path file(String name) {
        return workDir.resolve(name);
    }

    public Path writeFile(String name, String content) throws IOException {
        return Files.writeString(workDir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(Duration.ofSeconds(5));
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            try {
                Cmd.run(Duration.ofSeconds(10), "ip", "netns", "del", namespaces.get(i));
            } catch (IOException | RuntimeException ignored) {
                // best effort: a namespace already gone is fine
            }
        }
        if (!Boolean.getBoolean("lab.keep")) {
            try (var files = Files.walk(workDir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp files left behind are harmless
            }
        }
    }

    /** Returns true when this process may build labs: root with the ip command. */
    public static boolean available() {
        try {
            return "0".equals(Cmd.run(Duration.ofSeconds(5), "id", "-u").trim())
                    && Cmd.run(Duration.ofSeconds(5), "ip", "netns", "list") != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static void waitFor(Process p, Duration max) throws InterruptedException {
        if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
        }
    }
}
