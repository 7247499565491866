package org.vrrpd.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vrrpd.wire.AddressFamily;

/**
 * Parses IP address literals without ever touching DNS: {@link InetAddress#getByName} resolves anything that
 * is not a literal, so the text is checked first. Throws {@link IllegalArgumentException} with the reason.
 */
final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiterals() {
    }

    static InetAddress address(String text) {
        String s = text == null ? "" : text.trim();
        if (IPV4.matcher(s).matches()) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("'" + s + "' is not an IPv4 address");
                }
            }
        } else if (!IPV6.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    /** {@code 192.0.2.10/24} or {@code 2001:db8::10/64}; without a prefix, a host address (/32 or /128). */
    static VirtualAddress prefix(String text, String device, String label) {
        String s = text == null ? "" : text.trim();
        int slash = s.indexOf('/');
        InetAddress address = address(slash < 0 ? s : s.substring(0, slash));
        int max = AddressFamily.of(address).maxPrefixLength();
        int length = max;
        if (slash >= 0) {
            String len = s.substring(slash + 1);
            if (!len.matches("\\d{1,3}") || Integer.parseInt(len) > max) {
                throw new IllegalArgumentException("'" + s + "': prefix length must be 0.." + max);
            }
            length = Integer.parseInt(len);
        }
        return new VirtualAddress(address, length, Optional.ofNullable(device),
                Optional.ofNullable(label));
    }

    /** {@code 127.0.0.1:9650} or {@code [::1]:9650}. */
    static InetSocketAddress socketAddress(String text) {
        String s = text == null ? "" : text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "' is not [ipv6]:port");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0 || s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + s + "' is not address:port (IPv6 as [::1]:9650)");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + s + "': port must be 1..65535");
        }
        return new InetSocketAddress(address(host), Integer.parseInt(port));
    }
}
