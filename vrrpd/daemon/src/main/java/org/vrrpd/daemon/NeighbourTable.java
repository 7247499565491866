package org.vrrpd.daemon;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.vrrpd.net.MacAddress;

/**
 * The kernel's IPv4 neighbour (ARP) table of this network namespace, as far as a stepping-down router needs it:
 * the MAC of the router whose advert made it step down ({@link StepDownAnnouncer}), and a way to make the kernel
 * resolve that router ahead of time.
 */
interface NeighbourTable {

    /** The complete (resolved) entry for {@code address} on {@code interfaceName}, if the kernel has one. */
    Optional<MacAddress> lookup(String interfaceName, InetAddress address);

    /** Asks the kernel to resolve {@code address} (it sends an ARP request); the result shows up in lookup later. */
    void resolve(InetAddress address);

    /** Linux: {@code /proc/net/arp}, and an empty UDP datagram to the discard port to trigger resolution. */
    NeighbourTable LINUX = new NeighbourTable() {
        private static final int ATF_COM = 0x2;

        @Override
        public Optional<MacAddress> lookup(String interfaceName, InetAddress address) {
            if (!(address instanceof Inet4Address)) {
                return Optional.empty();
            }
            try {
                String ip = address.getHostAddress();
                for (String line : Files.readAllLines(Path.of("/proc/net/arp"))) {
                    // IP address  HW type  Flags  HW address  Mask  Device
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 6 && f[0].equals(ip) && f[5].equals(interfaceName)
                            && (Integer.decode(f[2]) & ATF_COM) != 0) {
                        return Optional.of(MacAddress.parse(f[3]));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }

        @Override
        public void resolve(InetAddress address) {
            if (!(address instanceof Inet4Address)) {
                return;
            }
            try (DatagramChannel ch = DatagramChannel.open()) {
                ch.configureBlocking(false);
                ch.send(ByteBuffer.allocate(0), new InetSocketAddress(address, 9));
            } catch (IOException | RuntimeException e) {
                // best effort: the next advert tries again
            }
        }
    };
}
