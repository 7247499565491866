package org.vrrpd.wire;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as operators read them: IPv4 dotted quads, IPv6 in the RFC 5952 canonical form (lower case, no
 * leading zeros, the longest run of two or more zero groups as {@code ::}, the first such run on a tie), where
 * {@link InetAddress#getHostAddress()} would print {@code fe80:0:0:0:0:ff:fe00:1}. Never resolves names.
 */
public final class Addresses {

    private Addresses() {
    }

    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
