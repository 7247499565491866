package org.vrrpd.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A tcpdump capture on the lab's bridge (in the lan namespace), writing every frame unbuffered to a pcap file,
 * so measurements come from wire timestamps rather than from polling.
 */
public final class Capture implements AutoCloseable {

    private final LabProcess tcpdump;
    private final Path file;

    private Capture(LabProcess tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    /** Starts capturing VRRP, ARP and ICMPv6 on br0 and waits until tcpdump is listening. */
    public static Capture start(Lab lab, String name) throws IOException {
        Path file = lab.file(name + ".pcap");
        LabProcess p = lab.spawn("lan", "tcpdump-" + name, List.of("tcpdump", "-i", "br0", "-U", "--immediate-mode", "-n",
                "-s", "256", "-w", file.toString(), "ip proto 112 or ip6 proto 112 or arp or icmp6"));
        Poll.until("tcpdump listening on br0", Duration.ofSeconds(10),
                () -> p.logText().contains("listening on") || !p.isAlive());
        if (!p.isAlive()) {
            throw new IOException("tcpdump failed: " + p.logText());
        }
        return new Capture(p, file);
    }

    public Path file() {
        return file;
    }

    /** The frames captured so far (the file is written unbuffered). */
    public List<Pcap.Frame> frames() throws IOException {
        return Files.exists(file) ? Pcap.read(file) : List.of();
    }

    @Override
    public void close() {
        tcpdump.stop(Duration.ofSeconds(3));
    }
}
