package org.vrrpd.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** The address family of a VRRP endpoint, with its IANA multicast group (RFC 9568 §5.1.1.2, §5.1.2.2). */
public enum IpFamily {
    IPV4("224.0.0.18"),
    IPV6("ff02::12");

    private final InetAddress group;

    IpFamily(String group) {
        this.group = parse(group);
    }

    /** 224.0.0.18 or ff02::12. */
    public InetAddress group() {
        return group;
    }

    public boolean matches(InetAddress address) {
        return this == IPV4 ? address instanceof Inet4Address : address instanceof Inet6Address;
    }

    public static IpFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
