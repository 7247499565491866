package org.vrrpd.lab.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * Helpers the hostile-input lab tests share: the kernel's own drop counters in a namespace, the repository's
 * test-lab scripts, and a daemon's per-instance counters.
 */
final class Hostile {

    private Hostile() {
    }

    /** A file of the repository (the tests run with the lab module as working directory). */
    static Path repoFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The namespace's IP counters, named as nstat names them: {@code IpInHdrErrors} (/proc/net/snmp),
     * {@code IpExtInTruncatedPkts} (/proc/net/netstat), {@code Ip6InTruncatedPkts} (/proc/net/snmp6).
     */
    static Map<String, Long> kernelCounters(Lab lab, String host) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (String file : new String[] {"/proc/net/snmp", "/proc/net/netstat"}) {
            String[] lines = lab.exec(host, "cat", file).split("\n");
            for (int i = 0; i + 1 < lines.length; i += 2) {
                String[] names = lines[i].trim().split("\\s+");
                String[] values = lines[i + 1].trim().split("\\s+");
                String group = names[0].replace(":", "");
                for (int k = 1; k < Math.min(names.length, values.length); k++) {
                    out.put(group + names[k], Long.parseLong(values[k]));
                }
            }
        }
        for (String line : lab.exec(host, "cat", "/proc/net/snmp6").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                out.put(f[0], Long.parseLong(f[1]));
            }
        }
        return out;
    }

    /** Packets the kernel dropped at the namespace's raw sockets (full receive queue): /proc/net/raw{,6}. */
    static long rawSocketDrops(Lab lab, String host) throws IOException {
        long sum = 0;
        for (String file : new String[] {"/proc/net/raw", "/proc/net/raw6"}) {
            String[] lines = lab.exec(host, "cat", file).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].trim().split("\\s+");
                if (f.length > 2) {
                    sum += Long.parseLong(f[f.length - 1]);
                }
            }
        }
        return sum;
    }

    static JsonNode instance(VrrpdNode node, String name) {
        JsonNode i = node.instance(name);
        if (i == null) {
            throw new AssertionError(node.host() + " has no instance " + name + " (daemon down?)");
        }
        return i;
    }

    static long drops(JsonNode instance, String reason) {
        return instance.path("counters").path("drops").path(reason).asLong(0);
    }
}
