package org.vrrpd.net.nftables;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.vrrpd.net.netlink.NetlinkCodec;
import org.vrrpd.net.netlink.NetlinkConstants;
import org.vrrpd.net.netlink.NetlinkException;
import org.vrrpd.net.netlink.NetlinkSocket;
import org.vrrpd.net.netlink.NlDecodeResult;
import org.vrrpd.net.netlink.NlError;
import org.vrrpd.net.netlink.NlMessage;
import org.vrrpd.net.netlink.NlRaw;

/**
 * {@link Nftables} over a NETLINK_NETFILTER socket (no {@code nft} process, no libnftnl). Needs CAP_NET_ADMIN in
 * the socket's network namespace. The kernel runs a batch while sending it, so its ACKs are queued by the time
 * sendto returns; the wait for them is bounded all the same.
 */
public final class LinuxNftables implements Nftables {

    private static final int RECV_BUFFER = 64 * 1024;
    private static final int REPLY_TIMEOUT_MS = 5000;
    private static final int ENOENT = 2;

    private final NetlinkSocket socket;
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x0FFFFFFF));
    private final byte[] buf = new byte[RECV_BUFFER];

    private LinuxNftables(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens the socket in the calling thread's network namespace. */
    public static LinuxNftables open() throws NetlinkException {
        return new LinuxNftables(NetlinkSocket.openRequestSocket(NftConstants.NETLINK_NETFILTER));
    }

    @Override
    public synchronized void commit(int family, List<NftOp> ops) throws NetlinkException {
        if (ops.isEmpty()) {
            return;
        }
        int first = seq.getAndAdd(ops.size() + 2) & 0x3FFFFFFF;
        socket.send(NftBatch.encode(family, ops, first));
        int acked = 0;
        while (acked < ops.size()) {
            for (NlMessage m : receive("nf_tables batch")) {
                int index = m.seq() - first - 1;
                if (index < 0 || index >= ops.size() || !(m.body() instanceof NlError e)) {
                    continue;
                }
                if (!e.isAck()) {
                    throw new NetlinkException(ops.get(index).describe(), e.errno(), socket.strerror(e.errno()),
                            e.message());
                }
                acked++;
            }
        }
    }

    @Override
    public synchronized Optional<NftCounter> counter(int family, String table, String name)
            throws NetlinkException {
        int s = seq.incrementAndGet() & 0x3FFFFFFF;
        socket.send(List.of(NftBatch.getCounter(family, table, name, s)));
        String op = "get counter " + table + " " + name;
        NftCounter found = null;
        while (true) {
            for (NlMessage m : receive(op)) {
                if (m.seq() != s) {
                    continue;
                }
                if (m.body() instanceof NlError e) {
                    if (e.isAck()) {
                        return Optional.ofNullable(found);
                    }
                    if (e.errno() == ENOENT) {
                        return Optional.empty();
                    }
                    throw new NetlinkException(op, e.errno(), socket.strerror(e.errno()), e.message());
                }
                if (m.body() instanceof NlRaw raw) {
                    NftDecodeResult<NfgenMessage> obj = NfgenMessage.decode(raw.payload());
                    NftDecodeResult<NftCounter> c = obj instanceof NftDecodeResult.Ok<NfgenMessage> ok
                            ? NftCounter.from(ok.value())
                            : new NftDecodeResult.Rejected<>(((NftDecodeResult.Rejected<NfgenMessage>) obj).reason(),
                                    NfgenMessage.COUNTER_BAD_ATTRIBUTE);
                    if (c instanceof NftDecodeResult.Rejected<NftCounter> r) {
                        throw new NetlinkException(op + ": malformed reply from the kernel: " + r.reason());
                    }
                    found = ((NftDecodeResult.Ok<NftCounter>) c).value();
                }
            }
        }
    }

    /** Waits (bounded) for one datagram and decodes it. */
    private List<NlMessage> receive(String op) throws NetlinkException {
        if (!socket.awaitReadable(REPLY_TIMEOUT_MS)) {
            throw new NetlinkException(op + ": no answer from the kernel within " + REPLY_TIMEOUT_MS + " ms");
        }
        int n = socket.receive(buf, true);
        if (n < 0) {
            if (-n == NetlinkConstants.EAGAIN || -n == NetlinkConstants.EINTR) {
                return List.of();
            }
            throw socket.failure(op + " (recv)", -n);
        }
        if (n > buf.length) {
            throw new NetlinkException(op + ": reply of " + n + " bytes exceeds the receive buffer");
        }
        NlDecodeResult decoded = NetlinkCodec.decode(buf, 0, n);
        if (decoded instanceof NlDecodeResult.Rejected r) {
            throw new NetlinkException(op + ": malformed reply from the kernel: " + r.reason());
        }
        return new ArrayList<>(((NlDecodeResult.Ok) decoded).messages());
    }

    @Override
    public void close() throws NetlinkException {
        socket.close();
    }
}
