package org.vrrpd.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;
import org.vrrpd.wire.Addresses;

/**
 * One virtual address, keepalived's {@code virtual_ipaddress} line: {@code 192.0.2.10/24}, optionally on
 * another device and with a label. Without a prefix length the address is a host route (/32, /128), as in
 * keepalived.
 */
public record VirtualAddress(InetAddress address, int prefixLength, Optional<String> device, Optional<String> label) {

    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(label, "label");
        int max = AddressFamily.of(address).maxPrefixLength();
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length out of range 0.." + max + ": " + prefixLength);
        }
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /** {@code 192.0.2.10/24}. */
    public String cidr() {
        return Addresses.text(address) + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return cidr() + device.map(d -> " dev " + d).orElse("") + label.map(l -> " label " + l).orElse("");
    }
}
