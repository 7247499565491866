package org.vrrpd.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One protocol flavour the lab runs every scenario in: version, family, multicast or unicast, with the
 * addresses each lab host and the VIP get, and the advert interval used.
 */
public enum Variant {
    V3_IPV4(3, false, false, 100),
    V3_IPV6(3, true, false, 100),
    V2_IPV4(2, false, false, 1000),
    V3_IPV4_UNICAST(3, false, true, 100);

    public final int version;
    public final boolean ipv6;
    public final boolean unicast;
    /** Advert interval in milliseconds (v2 cannot go below one second). */
    public final int intervalMs;

    Variant(int version, boolean ipv6, boolean unicast, int intervalMs) {
        this.version = version;
        this.ipv6 = ipv6;
        this.unicast = unicast;
        this.intervalMs = intervalMs;
    }

    /** The address (CIDR) of lab host {@code n} (1-based) in this variant's family. */
    public String hostCidr(int n) {
        return ipv6 ? "2001:db8::" + n + "/64" : "192.0.2." + n + "/24";
    }

    public String hostAddress(int n) {
        return hostCidr(n).substring(0, hostCidr(n).indexOf('/'));
    }

    public String vipCidr() {
        return ipv6 ? "2001:db8::100/64" : "192.0.2.100/24";
    }

    public String vip() {
        return vipCidr().substring(0, vipCidr().indexOf('/'));
    }

    /** The link-local address the lab gives host {@code n} (from its fixed MAC 02:00:00:00:00:0n). */
    public static String linkLocal(int n) {
        return String.format("fe80::ff:fe00:%x", n);
    }

    /** The address adverts of host {@code n} come from: its IPv4 address, or its IPv6 link-local. */
    public InetAddress advertSource(int n) throws UnknownHostException {
        return InetAddress.getByName(ipv6 ? linkLocal(n) : hostAddress(n));
    }

    /** Skew_Time in ms for a priority at this variant's interval (RFC 9568 §6.1; v2: (256-p)/256 s). */
    public double skewMs(int priority) {
        return version == 2 ? (256 - priority) * 1000.0 / 256 : (256 - priority) * intervalMs / 256.0;
    }

    /** Master_Down_Interval in ms: 3 × interval + Skew_Time. */
    public double masterDownMs(int priority) {
        return 3.0 * intervalMs + skewMs(priority);
    }

    /** The YAML of one instance for vrrpd on host {@code n} (peers: the other hosts listed). */
    public String vrrpdInstance(String name, int vrid, int priority, int self, int[] peers, String extra) {
        StringBuilder b = new StringBuilder();
        b.append("  - name: ").append(name).append('\n');
        b.append("    interface: eth0\n");
        b.append("    vrid: ").append(vrid).append('\n');
        b.append("    version: ").append(version).append('\n');
        b.append("    priority: ").append(priority).append('\n');
        b.append("    advert_interval: ").append(intervalMs).append("ms\n");
        // RFC 9568 §5.2.9: an IPv6 virtual router advertises its link-local address first
        b.append("    vips: [").append(ipv6 ? "fe80::" + Integer.toHexString(vrid) + "/64, " : "").append(vipCidr())
                .append("]\n");
        b.append("    garp_master_delay: 0s\n");
        b.append("    garp_master_repeat: 1\n");
        if (unicast) {
            b.append("    unicast_source: ").append(hostAddress(self)).append('\n');
            b.append("    unicast_peers: [");
            for (int i = 0; i < peers.length; i++) {
                b.append(i > 0 ? ", " : "").append(hostAddress(peers[i]));
            }
            b.append("]\n");
        }
        if (extra != null) {
            b.append(extra);
        }
        return b.toString();
    }
}
