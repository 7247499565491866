/**
 * rtnetlink for vrrpd: adding and removing VIPs, reading links and addresses, and following link/address
 * changes, over NETLINK_ROUTE sockets (never the {@code ip} command).
 *
 * <ul>
 *   <li>{@link org.vrrpd.net.netlink.Rtnetlink} is what the daemon calls; {@link org.vrrpd.net.netlink.LinuxRtnetlink}
 *       implements it, and tests use an in-memory fake that passes the same contract tests.</li>
 *   <li>{@link org.vrrpd.net.netlink.NetlinkCodec} is the pure, stateless wire codec;
 *       {@link org.vrrpd.net.netlink.RtnetlinkMessages} maps messages to requests, values and events.</li>
 *   <li>{@link org.vrrpd.net.netlink.NetlinkSubscription} delivers {@link org.vrrpd.net.netlink.NetlinkEvent}s
 *       either by blocking poll or through a non-blocking fd ({@link org.vrrpd.net.netlink.NetlinkEpollHandle}
 *       plugs it into a Netty epoll loop).</li>
 *   <li>{@link org.vrrpd.net.netlink.NeighbourLookup} reads the kernel's neighbour table (ARP and NDP) and asks it
 *       to resolve an address; {@link org.vrrpd.net.netlink.NeighbourMessages} and
 *       {@link org.vrrpd.net.netlink.NdMsg} are its pure message layer.</li>
 *   <li>{@link org.vrrpd.net.netlink.NetlinkCalls} lists the libc calls, with errno mapped to
 *       {@link org.vrrpd.net.netlink.NetlinkException}.</li>
 * </ul>
 */
package org.vrrpd.net.netlink;
