package org.vrrpd.net.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} for lab tests that build their own namespaces and links (test set-up only). */
final class IpTool {

    private IpTool() {
    }

    /** Runs {@code ip args…}; a non-zero exit or a 10 s hang is an {@link IOException} with ip's output. */
    static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " exited " + p.exitValue() + ": " + out);
        }
    }

    /** As {@link #ip}, for clean-up: failures are ignored. */
    static void ipQuiet(String... args) {
        try {
            ip(args);
        } catch (IOException e) {
            // clean-up is best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
