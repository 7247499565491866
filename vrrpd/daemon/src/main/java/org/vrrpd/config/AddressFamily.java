package org.vrrpd.config;

import java.net.Inet6Address;
import java.net.InetAddress;

/** The address family of a virtual router: VRRP runs one router per family (RFC 9568 §1). */
public enum AddressFamily {
    IPV4("ipv4"),
    IPV6("ipv6");

    private final String yamlName;

    AddressFamily(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the YAML ({@code ipv4}, {@code ipv6}). */
    public String yamlName() {
        return yamlName;
    }

    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
