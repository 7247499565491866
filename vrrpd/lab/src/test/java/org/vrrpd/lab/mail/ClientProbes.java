package org.vrrpd.lab.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vrrpd.net.NetworkNamespaces;

/**
 * What a mail user sees during a failover: from the client's namespace, one SMTP (220 banner), one IMAP
 * ({@code * OK} greeting) and one HTTP ({@code GET /healthz} → 200) connection to the VIP every 20 ms per
 * protocol. The client-visible outage of a protocol is the longest time between two successful probes.
 */
final class ClientProbes implements AutoCloseable {

    static final long PERIOD_MS = 20;
    private static final int CONNECT_TIMEOUT_MS = 200;
    private static final int READ_TIMEOUT_MS = 500;

    /** One protocol's successes (nanoTime of each completed probe) and failure count. */
    static final class Series {
        final String protocol;
        final List<Long> successes = new ArrayList<>();
        int failures;

        Series(String protocol) {
            this.protocol = protocol;
        }

        synchronized void record(boolean ok, long at) {
            if (ok) {
                successes.add(at);
            } else {
                failures++;
            }
        }

        /** Longest gap between consecutive successes after {@code from}, in ms (0 with fewer than 2). */
        synchronized double outageMs(long from) {
            long prev = -1;
            long max = 0;
            for (long t : successes) {
                if (prev >= 0 && t >= from) {
                    max = Math.max(max, t - prev);
                }
                prev = t;
            }
            return max / 1e6;
        }

        synchronized int successCount() {
            return successes.size();
        }

        synchronized long lastSuccess() {
            return successes.isEmpty() ? -1 : successes.get(successes.size() - 1);
        }
    }

    private final String vip;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pool;
    private final Map<String, Series> series = new LinkedHashMap<>();

    private ClientProbes(String clientNs, String vip) {
        this.vip = vip;
        this.pool = Executors.newFixedThreadPool(3, NetworkNamespaces.threadFactory(clientNs));
    }

    /** Starts probing {@code vip} from {@code clientNs}. */
    static ClientProbes start(String clientNs, String vip) {
        ClientProbes p = new ClientProbes(clientNs, vip);
        p.loop("smtp", 25, null, "220");
        p.loop("imap", 143, null, "* OK");
        p.loop("http", 80, "GET /healthz HTTP/1.0\r\nHost: mail.lab.test\r\n\r\n", "HTTP/1.1 200");
        return p;
    }

    Map<String, Series> series() {
        return series;
    }

    /** True when every protocol has succeeded at least once after {@code after} (a nanoTime). */
    boolean allSucceededSince(long after) {
        return series.values().stream().allMatch(s -> s.lastSuccess() > after);
    }

    /** One line per protocol: outage since {@code from}, probes, failures. */
    String report(long from) {
        StringBuilder b = new StringBuilder();
        for (Series s : series.values()) {
            b.append(String.format("  %-4s client-visible outage %6.0f ms (%d ok, %d failed probes)%n", s.protocol,
                    s.outageMs(from), s.successCount(), s.failures));
        }
        return b.toString();
    }

    private void loop(String protocol, int port, String request, String expect) {
        Series s = new Series(protocol);
        series.put(protocol, s);
        pool.submit(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                s.record(probe(port, request, expect), System.nanoTime());
                long left = PERIOD_MS - (System.nanoTime() - start) / 1_000_000;
                if (left > 0) {
                    try {
                        Thread.sleep(left); // the probe period, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
    }

    private boolean probe(int port, String request, String expect) {
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress(vip, port), CONNECT_TIMEOUT_MS);
            sock.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = sock.getOutputStream();
            if (request != null) {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(sock.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line = in.readLine();
            boolean ok = line != null && line.startsWith(expect);
            if (request == null) {
                out.write((expect.startsWith("220") ? "QUIT\r\n" : "a LOGOUT\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
