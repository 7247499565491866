package org.vrrpd.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lab topology for tests (needs root): two network namespaces {@code <prefix>a} and {@code <prefix>b} joined by a
 * veth pair named {@code vr0} on both sides, A = 192.0.2.1/24 + fe80::1 (MAC 02:00:00:00:00:0a), B = 192.0.2.2/24
 * + fe80::2 (MAC 02:00:00:00:00:0b), no DAD. Set up with {@code ip}; the code under test never shells out.
 */
final class NetnsLab implements AutoCloseable {

    final String nsA;
    final String nsB;
    private final List<String> created = new ArrayList<>();

    NetnsLab(String prefix) throws IOException {
        nsA = prefix + "a";
        nsB = prefix + "b";
        try {
            for (String ns : List.of(nsA, nsB)) {
                ip("netns", "add", ns);
                created.add(ns);
            }
            ip("-n", nsA, "link", "add", "vr0", "address", "02:00:00:00:00:0a", "type", "veth",
                    "peer", "name", "vr0", "address", "02:00:00:00:00:0b", "netns", nsB);
            configure(nsA, "192.0.2.1/24", "fe80::1/64");
            configure(nsB, "192.0.2.2/24", "fe80::2/64");
            awaitUp(nsA);
            awaitUp(nsB);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void configure(String ns, String v4, String linkLocal) throws IOException {
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "link", "set", "vr0", "addrgenmode", "none");
        ip("-n", ns, "addr", "add", v4, "dev", "vr0");
        ip("-n", ns, "addr", "add", linkLocal, "dev", "vr0", "nodad");
        ip("-n", ns, "link", "set", "vr0", "up");
    }

    private static void awaitUp(String ns) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ip("-n", ns, "-o", "link", "show", "vr0").contains("LOWER_UP")) {
                return;
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new IOException("vr0 in " + ns + " did not come up");
    }

    /** Runs {@code ip ARGS}; returns stdout, throws with stderr on a non-zero exit. */
    static String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " failed (" + p.exitValue() + "): " + out.trim());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (String ns : created) {
            try {
                ip("netns", "del", ns);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        created.clear();
        if (first != null) {
            throw first;
        }
    }
}
