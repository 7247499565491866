package org.vrrpd.net.nftables;

import java.util.List;
import java.util.Optional;
import org.vrrpd.net.netlink.NetlinkException;

/**
 * What vrrpd asks of nf_tables: apply a transaction, read a counter. {@link LinuxNftables} talks to the kernel
 * over NETLINK_NETFILTER; tests use an in-memory fake that keeps the same all-or-nothing rule.
 */
public interface Nftables extends AutoCloseable {

    /**
     * Applies {@code ops} to tables of {@code family} (NFPROTO_*) as one transaction: every op or none. A refusal
     * is a {@link NetlinkException} naming the op, with the errno's strerror text and the kernel's reason.
     */
    void commit(int family, List<NftOp> ops) throws NetlinkException;

    /** A named counter's values; empty if the table or the counter does not exist. */
    Optional<NftCounter> counter(int family, String table, String name) throws NetlinkException;

    @Override
    void close() throws NetlinkException;

    /** Stands in when the socket cannot be opened (no nf_tables in this kernel): every request fails with why. */
    static Nftables unavailable(NetlinkException cause) {
        return new Nftables() {
            @Override
            public void commit(int family, List<NftOp> ops) throws NetlinkException {
                throw new NetlinkException("nf_tables is not available: " + cause.getMessage());
            }

            @Override
            public Optional<NftCounter> counter(int family, String table, String name) throws NetlinkException {
                throw new NetlinkException("nf_tables is not available: " + cause.getMessage());
            }

            @Override
            public void close() {
            }
        };
    }
}
