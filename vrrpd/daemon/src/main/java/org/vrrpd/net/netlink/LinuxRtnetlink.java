package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * {@link Rtnetlink} over a real NETLINK_ROUTE socket. Requests are serialized on one socket and wait for the
 * kernel's ACK (or NLMSG_DONE for dumps); an NLMSG_ERROR reply becomes a {@link NetlinkException} with errno
 * and strerror text.
 *
 * <p>Sockets belong to the network namespace of the thread that opens them: the request socket is opened by
 * {@link #open()}, each event socket by {@link #subscribe()}.
 */
public final class LinuxRtnetlink implements Rtnetlink {
    /** Large enough for any single dump chunk the kernel builds (it caps them near 32 KiB). */
    private static final int RECV_BUFFER = 64 * 1024;
    /** SO_RCVBUF for event sockets; a burst beyond this overruns and yields ResyncNeeded. */
    private static final int EVENT_RCVBUF = 1 << 20;

    private final NetlinkCalls.Checked libc;
    private final NetlinkSocket socket;
    private final AtomicInteger seq = new AtomicInteger((int) (System.nanoTime() & 0x3FFFFFFF));
    private final byte[] buf = new byte[RECV_BUFFER];
    private final PendingAnswers pending = new PendingAnswers();

    private LinuxRtnetlink(NetlinkCalls.Checked libc, NetlinkSocket socket) {
        this.libc = libc;
        this.socket = socket;
    }

    /** Opens the request socket in the calling thread's network namespace. */
    public static LinuxRtnetlink open() throws NetlinkException {
        NetlinkCalls.Checked libc = NetlinkCalls.Checked.get();
        NetlinkSocket socket = NetlinkSocket.open(libc, 0, 0, false);
        socket.enableExtendedAcks();
        return new LinuxRtnetlink(libc, socket);
    }

    @Override
    public synchronized boolean addAddress(InterfaceAddress a) throws NetlinkException {
        return finishAddAddress(beginAddAddress(a));
    }

    @Override
    public synchronized int beginAddAddress(InterfaceAddress a) throws NetlinkException {
        AddressOp op = AddressOp.add(a);
        if (a.label().isPresent()) {
            String name = link(a.ifindex()).name();
            Optional<String> problem = InterfaceAddress.labelProblem(a.label().get(), name);
            if (problem.isPresent()) {
                throw new NetlinkException(op + ": " + problem.get(), EINVAL, libc.strerror(EINVAL));
            }
        }
        NlMessage request = RtnetlinkMessages.addAddress(a, nextSeq());
        socket.send(request);
        pending.sent(request.seq(), op);
        return request.seq();
    }

    @Override
    public synchronized boolean finishAddAddress(int ticket) throws NetlinkException {
        readAnswers();
        try {
            pending.take(ticket);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /** Reads the kernel's answers to every {@link #beginAddAddress} not answered yet (each request gets one). */
    private void readAnswers() throws NetlinkException {
        while (pending.waiting()) {
            for (NlMessage m : receive("read the answers to address requests")) {
                pending.offer(m, libc);
            }
        }
    }

    @Override
    public boolean removeAddress(InterfaceAddress a) throws NetlinkException {
        AddressOp op = AddressOp.remove(a);
        try {
            transact(RtnetlinkMessages.removeAddress(a, nextSeq()), op);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == EADDRNOTAVAIL) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean addRoute(Route r) throws NetlinkException {
        return absorbing(RouteMessages.addRoute(r, nextSeq()), "add route " + r, EEXIST);
    }

    @Override
    public boolean removeRoute(Route r) throws NetlinkException {
        return absorbing(RouteMessages.removeRoute(r, nextSeq()), "remove route " + r, ESRCH);
    }

    @Override
    public boolean addRule(Rule r) throws NetlinkException {
        return absorbing(RouteMessages.addRule(r, nextSeq()), "add rule " + r, EEXIST);
    }

    @Override
    public boolean removeRule(Rule r) throws NetlinkException {
        return absorbing(RouteMessages.removeRule(r, nextSeq()), "remove rule " + r, ENOENT);
    }

    /** Sends {@code request}: true when done, false when the kernel answered {@code absorbed} (nothing to do). */
    private boolean absorbing(NlMessage request, String op, int absorbed) throws NetlinkException {
        try {
            transact(request, op);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == absorbed) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<InterfaceAddress> addresses(OptionalInt ifindex, int family) throws NetlinkException {
        List<InterfaceAddress> out = new ArrayList<>();
        for (NlMessage m : transact(RtnetlinkMessages.dumpAddresses(family, nextSeq()), "dump addresses")) {
            if (m.type() == RTM_NEWADDR && m.body() instanceof IfAddrMsg am) {
                RtnetlinkMessages.toAddress(am)
                        .filter(a -> ifindex.isEmpty() || a.ifindex() == ifindex.getAsInt())
                        .filter(a -> family == AF_UNSPEC || a.family() == family)
                        .ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public Link link(int ifindex) throws NetlinkException {
        return single(transact(RtnetlinkMessages.getLink(ifindex, nextSeq()), "get link " + ifindex),
                "get link " + ifindex);
    }

    @Override
    public Link link(String name) throws NetlinkException {
        return single(transact(RtnetlinkMessages.getLinkByName(name, nextSeq()), "get link " + name),
                "get link " + name);
    }

    private static Link single(List<NlMessage> reply, String op) throws NetlinkException {
        for (NlMessage m : reply) {
            if (m.type() == RTM_NEWLINK && m.body() instanceof IfInfoMsg info) {
                Optional<Link> l = RtnetlinkMessages.toLink(info);
                if (l.isPresent()) {
                    return l.get();
                }
            }
        }
        throw new NetlinkException(op + ": the kernel's reply held no usable link");
    }

    @Override
    public int createMacvlan(String name, int parentIfindex, byte[] mac, int mode) throws NetlinkException {
        String op = "create macvlan " + name + " on ifindex " + parentIfindex;
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length >= IFNAMSIZ) {
            throw new NetlinkException(op + ": the name must be 1-15 bytes", EINVAL, libc.strerror(EINVAL));
        }
        transact(LinkMessages.newMacvlan(name, parentIfindex, mac, mode, nextSeq()), op);
        return link(name).ifindex();
    }

    @Override
    public Optional<Macvlan> macvlan(int ifindex) throws NetlinkException {
        return LinkMessages.toMacvlan(rawLink(ifindex));
    }

    @Override
    public void setLinkUp(int ifindex, boolean up) throws NetlinkException {
        transact(LinkMessages.setUp(ifindex, up, nextSeq()), "set link " + ifindex + (up ? " up" : " down"));
    }

    @Override
    public boolean deleteLink(int ifindex) throws NetlinkException {
        try {
            transact(LinkMessages.delete(ifindex, nextSeq()), "delete link " + ifindex);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == ENODEV) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Map<Integer, Integer> ipv4DevConf(int ifindex) throws NetlinkException {
        return LinkMessages.toIpv4DevConf(rawLink(ifindex));
    }

    @Override
    public void setIpv4DevConf(int ifindex, Map<Integer, Integer> values) throws NetlinkException {
        transact(LinkMessages.setIpv4DevConf(ifindex, values, nextSeq()), "set IPv4 settings of link " + ifindex);
    }

    @Override
    public void setIpv6AddrGenMode(int ifindex, int mode) throws NetlinkException {
        transact(LinkMessages.setIpv6AddrGenMode(ifindex, mode, nextSeq()),
                "set IPv6 addr_gen_mode of link " + ifindex);
    }

    private IfInfoMsg rawLink(int ifindex) throws NetlinkException {
        String op = "get link " + ifindex;
        for (NlMessage m : transact(RtnetlinkMessages.getLink(ifindex, nextSeq()), op)) {
            if (m.type() == RTM_NEWLINK && m.body() instanceof IfInfoMsg info) {
                return info;
            }
        }
        throw new NetlinkException(op + ": the kernel's reply held no link");
    }

    @Override
    public List<Link> links() throws NetlinkException {
        List<Link> out = new ArrayList<>();
        for (NlMessage m : transact(RtnetlinkMessages.dumpLinks(nextSeq()), "dump links")) {
            if (m.type() == RTM_NEWLINK && m.body() instanceof IfInfoMsg info) {
                RtnetlinkMessages.toLink(info).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public NetlinkSubscription subscribe() throws NetlinkException {
        return subscribe(EVENT_RCVBUF);
    }

    /** Subscribes with a given SO_RCVBUF; small values let tests provoke ENOBUFS. */
    NetlinkSubscription subscribe(int rcvBuf) throws NetlinkException {
        return new Subscription(NetlinkSocket.open(libc, RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR,
                rcvBuf, true));
    }

    @Override
    public void close() throws NetlinkException {
        socket.close();
    }

    private int nextSeq() {
        return seq.incrementAndGet() & 0x7FFFFFFF;
    }

    /** Sends a request built elsewhere in this package (e.g. {@link NeighbourMessages}) and returns the replies. */
    List<NlMessage> exchange(IntFunction<NlMessage> request, String op) throws NetlinkException {
        return transact(request.apply(nextSeq()), op);
    }

    /**
     * Sends one request and collects the replies carrying its sequence number until the ACK (NLMSG_ERROR with
     * errno 0) or NLMSG_DONE; replies to other sequence numbers (late answers) are skipped, after the pending
     * {@link #beginAddAddress} answers have been read and kept. {@code op} names the request in error messages;
     * its text is taken only for one.
     */
    private synchronized List<NlMessage> transact(NlMessage request, Object op) throws NetlinkException {
        readAnswers(); // a takeover's VIP requests first: their replies would otherwise be skipped below
        socket.send(request);
        boolean dump = (request.flags() & NLM_F_DUMP) == NLM_F_DUMP;
        List<NlMessage> replies = new ArrayList<>();
        while (true) {
            for (NlMessage m : receive(op)) {
                if (m.seq() != request.seq()) {
                    continue;
                }
                if (m.body() instanceof NlError e) {
                    if (e.isAck()) {
                        return replies;
                    }
                    throw new NetlinkException(op.toString(), e.errno(), libc.strerror(e.errno()), e.message());
                }
                if (m.body() instanceof NlDone d) {
                    if (d.status() < 0) {
                        throw new NetlinkException(op.toString(), -d.status(), libc.strerror(-d.status()));
                    }
                    return replies;
                }
                replies.add(m);
                if (!dump && !m.isMultipart() && (request.flags() & NLM_F_ACK) == 0) {
                    return replies;
                }
            }
        }
    }

    /** One datagram from the request socket (blocking), decoded; {@code op} names the request in errors. */
    private List<NlMessage> receive(Object op) throws NetlinkException {
        while (true) {
            int n = socket.receive(buf, false);
            if (n < 0) {
                if (-n == EINTR) {
                    continue;
                }
                throw socket.failure(op + " (recv)", -n);
            }
            if (n > buf.length) {
                throw new NetlinkException(op + ": reply of " + n + " bytes exceeds the " + buf.length
                        + "-byte receive buffer");
            }
            NlDecodeResult decoded = NetlinkCodec.decode(buf, 0, n);
            if (decoded instanceof NlDecodeResult.Rejected r) {
                throw new NetlinkException(op + ": malformed reply from the kernel: " + r.reason());
            }
            return ((NlDecodeResult.Ok) decoded).messages();
        }
    }

    /** An event socket joined to the link and IPv4/IPv6 address groups, in O_NONBLOCK mode. */
    private static final class Subscription implements NetlinkSubscription {
        private final NetlinkSocket socket;
        private final byte[] buf = new byte[RECV_BUFFER];
        private final AtomicLong rejected = new AtomicLong();

        Subscription(NetlinkSocket socket) {
            this.socket = socket;
        }

        @Override
        public int fd() {
            return socket.fd();
        }

        @Override
        public synchronized List<NetlinkEvent> poll(Duration timeout) throws NetlinkException {
            long millis = Math.max(0, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            if (!socket.awaitReadable((int) millis)) {
                return List.of();
            }
            List<NetlinkEvent> out = new ArrayList<>();
            readOne(out);
            return out;
        }

        @Override
        public synchronized List<NetlinkEvent> readAvailable() throws NetlinkException {
            List<NetlinkEvent> out = new ArrayList<>();
            while (readOne(out)) {
                // drain until EAGAIN
            }
            return out;
        }

        /** Reads one datagram without blocking; false if none was pending. */
        private boolean readOne(List<NetlinkEvent> out) throws NetlinkException {
            int n = socket.receive(buf, true);
            if (n < 0) {
                int errno = -n;
                if (errno == EAGAIN || errno == EINTR) {
                    return false;
                }
                if (errno == ENOBUFS) {
                    out.add(new NetlinkEvent.ResyncNeeded("event socket overrun (ENOBUFS): events were lost"));
                    return true;
                }
                throw socket.failure("read netlink events", errno);
            }
            if (n > buf.length) {
                rejected.incrementAndGet();
                out.add(new NetlinkEvent.ResyncNeeded("event datagram of " + n + " bytes was truncated"));
                return true;
            }
            NlDecodeResult decoded = NetlinkCodec.decode(buf, 0, n);
            if (decoded instanceof NlDecodeResult.Ok ok) {
                out.addAll(RtnetlinkMessages.toEvents(ok.messages()));
            } else {
                rejected.incrementAndGet();
            }
            return true;
        }

        @Override
        public long rejectedDatagrams() {
            return rejected.get();
        }

        @Override
        public void close() throws NetlinkException {
            socket.close();
        }
    }
}
