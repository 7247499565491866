/**
 * nf_tables for vrrpd, over NETLINK_NETFILTER through the daemon's netlink socket (never the {@code nft} command,
 * no libnftnl).
 *
 * <ul>
 *   <li>{@link org.vrrpd.net.nftables.Nftables} is what the daemon calls: apply a transaction, read a counter;
 *       {@link org.vrrpd.net.nftables.LinuxNftables} implements it, tests use an in-memory fake.</li>
 *   <li>{@link org.vrrpd.net.nftables.NftOp} and {@link org.vrrpd.net.nftables.NftExpr} are the operations and
 *       rule expressions as records; {@link org.vrrpd.net.nftables.NftBatch} encodes them between
 *       NFNL_MSG_BATCH_BEGIN and END (pure).</li>
 *   <li>{@link org.vrrpd.net.nftables.NfgenMessage} and {@link org.vrrpd.net.nftables.NftCounter} decode the
 *       kernel's replies, returning a typed rejection for bad input.</li>
 * </ul>
 */
package org.vrrpd.net.nftables;
