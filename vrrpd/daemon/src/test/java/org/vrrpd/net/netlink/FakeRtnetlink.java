package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * In-memory {@link Rtnetlink} for tests: links, addresses and link states, with the kernel's observable rules
 * (ENODEV for unknown indexes, EEXIST/EADDRNOTAVAIL absorbed as in {@link LinuxRtnetlink}, an IPv6 address
 * exists once whatever its prefix length while IPv4 keys on address and prefix, IPv4 labels default
 * to the interface name, a second IPv4 address in a subnet is IFA_F_SECONDARY, a new link gets an fe80::
 * link-local address, taking a link down flushes its IPv6 addresses as Linux does by default; macvlans are created
 * down, EEXIST on a taken name, get no link-local address with addr_gen_mode none, and go with their parent; IPv4
 * per-interface settings start at 0). Changes made
 * through the API or "by hand" with the {@code *ByHand} methods emit the same events as the kernel would.
 */
public final class FakeRtnetlink implements Rtnetlink {

    private final Map<Integer, Link> links = new LinkedHashMap<>();
    private final List<InterfaceAddress> addresses = new ArrayList<>();
    private final List<FakeSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<Integer, Macvlan> macvlans = new LinkedHashMap<>();
    private final Map<Integer, Map<Integer, Integer>> devconf = new LinkedHashMap<>();
    private final java.util.Set<Integer> noAddrGen = new java.util.HashSet<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private int nextIndex = 1;
    private int reads;
    /** {@link #beginAddAddress} outcomes not finished yet, by ticket. */
    private final Map<Integer, Object> begun = new LinkedHashMap<>();
    private int tickets;

    /** IPv4 settings every new link starts with (the kernel's defaults in a fresh namespace). */
    private static Map<Integer, Integer> defaultDevConf() {
        Map<Integer, Integer> m = new java.util.TreeMap<>();
        for (int i = 1; i <= 33; i++) {
            m.put(i, 0);
        }
        return m;
    }

    /** Creates an up, running Ethernet-like link with a link-local address; returns its ifindex. */
    public synchronized int addLinkByHand(String name, int mtu) {
        int index = nextIndex++;
        byte[] mac = {0x02, 0x00, 0x5e, 0x10, 0x00, (byte) index};
        links.put(index, new Link(index, name, IFF_UP | IFF_RUNNING | IFF_LOWER_UP, Link.IF_OPER_UP, mac, mtu));
        devconf.put(index, defaultDevConf());
        emit(new NetlinkEvent.LinkChanged(index, name, true, true));
        addLinkLocal(index, mac);
        return index;
    }

    /** Sets IFF_UP (and IFF_RUNNING with it); going down flushes the link's IPv6 addresses. */
    public synchronized void setLinkUpByHand(int ifindex, boolean up) throws NetlinkException {
        Link l = requireLink("set link " + ifindex, ifindex);
        if (l.isUp() == up) {
            return;
        }
        int flags = up ? l.flags() | IFF_UP | IFF_RUNNING | IFF_LOWER_UP : l.flags() & ~(IFF_UP | IFF_RUNNING);
        links.put(ifindex, new Link(ifindex, l.name(), flags, up ? Link.IF_OPER_UP : Link.IF_OPER_DOWN, l.mac(),
                l.mtu()));
        if (!up) {
            for (InterfaceAddress a : List.copyOf(addresses)) {
                if (a.ifindex() == ifindex && a.family() == AF_INET6) {
                    removeAddressByHand(a);
                }
            }
        }
        emit(new NetlinkEvent.LinkChanged(ifindex, l.name(), up, up));
        if (up && !noAddrGen.contains(ifindex)) {
            addLinkLocal(ifindex, l.mac());
        }
    }

    /**
     * Deletes a link and its addresses, emitting AddressRemoved for each, then LinkRemoved; macvlans on it go
     * first, as in the kernel.
     */
    public synchronized void removeLinkByHand(int ifindex) throws NetlinkException {
        Link l = requireLink("delete link " + ifindex, ifindex);
        for (Macvlan m : List.copyOf(macvlans.values())) {
            if (m.parentIfindex() == ifindex) {
                removeLinkByHand(m.ifindex());
            }
        }
        macvlans.remove(ifindex);
        devconf.remove(ifindex);
        noAddrGen.remove(ifindex);
        for (InterfaceAddress a : List.copyOf(addresses)) {
            if (a.ifindex() == ifindex) {
                removeAddressByHand(a);
            }
        }
        links.remove(ifindex);
        emit(new NetlinkEvent.LinkRemoved(ifindex, l.name()));
    }

    /** Removes an address as "ip addr del" would; returns false if it was not there. */
    public synchronized boolean removeAddressByHand(InterfaceAddress a) {
        for (InterfaceAddress existing : List.copyOf(addresses)) {
            if (existing.sameAddress(a)) {
                addresses.remove(existing);
                emit(new NetlinkEvent.AddressRemoved(a.ifindex(), a.address(), a.prefixLength()));
                return true;
            }
        }
        return false;
    }

    /** Simulates a kernel event-queue overrun on every subscription. */
    public void overrunByHand() {
        emit(new NetlinkEvent.ResyncNeeded("simulated overrun"));
    }

    @Override
    public synchronized boolean addAddress(InterfaceAddress a) throws NetlinkException {
        String op = "add " + a.address().getHostAddress() + "/" + a.prefixLength() + " on ifindex " + a.ifindex();
        Link l = requireLink(op, a.ifindex());
        if (a.label().isPresent()) {
            Optional<String> problem = InterfaceAddress.labelProblem(a.label().get(), l.name());
            if (problem.isPresent()) {
                throw NetlinkException.of(op + ": " + problem.get(), EINVAL);
            }
        }
        boolean exists = addresses.stream().anyMatch(e -> e.sameAddress(a)
                || (a.family() == AF_INET6 && e.ifindex() == a.ifindex() && e.address().equals(a.address())));
        if (exists) {
            return false;
        }
        int flags = a.flags() | IFA_F_PERMANENT;
        Optional<String> label = a.label();
        if (a.family() == AF_INET) {
            label = Optional.of(label.orElse(l.name()));
            boolean sameSubnet = addresses.stream().anyMatch(e -> e.ifindex() == a.ifindex()
                    && e.family() == AF_INET && e.prefixLength() == a.prefixLength()
                    && inSubnet(e.address(), a.address(), a.prefixLength()));
            if (sameSubnet) {
                flags |= IFA_F_SECONDARY;
            }
        }
        InterfaceAddress stored = new InterfaceAddress(a.ifindex(), a.address(), a.prefixLength(), label,
                a.scope(), flags);
        addresses.add(stored);
        emit(new NetlinkEvent.AddressAdded(stored));
        return true;
    }

    /** How many {@link #beginAddAddress} tickets have not been finished. */
    public synchronized int unfinishedAdds() {
        return begun.size();
    }

    /** Like the kernel: the label is checked at once, every other outcome is the finish's. */
    @Override
    public synchronized int beginAddAddress(InterfaceAddress a) throws NetlinkException {
        if (a.label().isPresent()) {
            String op = "add " + a.address().getHostAddress() + "/" + a.prefixLength() + " on ifindex " + a.ifindex();
            Optional<String> problem = InterfaceAddress.labelProblem(a.label().get(),
                    requireLink(op, a.ifindex()).name());
            if (problem.isPresent()) {
                throw NetlinkException.of(op + ": " + problem.get(), EINVAL);
            }
        }
        Object answer;
        try {
            answer = addAddress(a);
        } catch (NetlinkException e) {
            answer = e;
        }
        begun.put(++tickets, answer);
        return tickets;
    }

    @Override
    public synchronized boolean finishAddAddress(int ticket) throws NetlinkException {
        Object answer = begun.remove(ticket);
        if (answer == null) {
            throw new NetlinkException("no address request " + ticket + " has been answered");
        }
        if (answer instanceof NetlinkException e) {
            throw e;
        }
        return (Boolean) answer;
    }

    @Override
    public synchronized boolean removeAddress(InterfaceAddress a) throws NetlinkException {
        requireLink("remove " + a.address().getHostAddress() + "/" + a.prefixLength() + " from ifindex "
                + a.ifindex(), a.ifindex());
        return removeAddressByHand(a);
    }

    /** How many address dumps and link queries were asked of this kernel so far. */
    public synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized List<InterfaceAddress> addresses(OptionalInt ifindex, int family) {
        reads++;
        List<InterfaceAddress> out = new ArrayList<>();
        for (InterfaceAddress a : addresses) {
            if ((ifindex.isEmpty() || a.ifindex() == ifindex.getAsInt())
                    && (family == AF_UNSPEC || a.family() == family)) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public synchronized Link link(int ifindex) throws NetlinkException {
        reads++;
        return requireLink("get link " + ifindex, ifindex);
    }

    @Override
    public synchronized Link link(String name) throws NetlinkException {
        reads++;
        return links.values().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> NetlinkException.of("get link " + name, ENODEV));
    }

    @Override
    public synchronized List<Link> links() {
        return List.copyOf(links.values());
    }

    @Override
    public synchronized int createMacvlan(String name, int parentIfindex, byte[] mac, int mode)
            throws NetlinkException {
        String op = "create macvlan " + name + " on ifindex " + parentIfindex;
        if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= IFNAMSIZ) {
            throw NetlinkException.of(op + ": the name must be 1-15 bytes", EINVAL);
        }
        if (links.values().stream().anyMatch(l -> l.name().equals(name))) {
            throw NetlinkException.of(op, EEXIST);
        }
        Link parent = requireLink(op, parentIfindex);
        int index = nextIndex++;
        links.put(index, new Link(index, name, 0, Link.IF_OPER_DOWN, mac, parent.mtu()));
        macvlans.put(index, new Macvlan(index, name, parentIfindex, mac, mode));
        devconf.put(index, defaultDevConf());
        emit(new NetlinkEvent.LinkChanged(index, name, false, false));
        return index;
    }

    @Override
    public synchronized Optional<Macvlan> macvlan(int ifindex) throws NetlinkException {
        requireLink("get link " + ifindex, ifindex);
        return Optional.ofNullable(macvlans.get(ifindex));
    }

    @Override
    public synchronized void setLinkUp(int ifindex, boolean up) throws NetlinkException {
        setLinkUpByHand(ifindex, up);
    }

    @Override
    public synchronized boolean deleteLink(int ifindex) throws NetlinkException {
        if (!links.containsKey(ifindex)) {
            return false;
        }
        removeLinkByHand(ifindex);
        return true;
    }

    @Override
    public synchronized Map<Integer, Integer> ipv4DevConf(int ifindex) throws NetlinkException {
        requireLink("get link " + ifindex, ifindex);
        return Map.copyOf(devconf.get(ifindex));
    }

    @Override
    public synchronized void setIpv4DevConf(int ifindex, Map<Integer, Integer> values) throws NetlinkException {
        requireLink("set IPv4 settings of link " + ifindex, ifindex);
        for (Integer k : values.keySet()) {
            if (k < 1 || k > 33) {
                throw NetlinkException.of("set IPv4 settings of link " + ifindex + ": no setting " + k, EINVAL);
            }
        }
        devconf.get(ifindex).putAll(values);
    }

    @Override
    public synchronized void setIpv6AddrGenMode(int ifindex, int mode) throws NetlinkException {
        requireLink("set IPv6 addr_gen_mode of link " + ifindex, ifindex);
        if (mode == IN6_ADDR_GEN_MODE_NONE) {
            noAddrGen.add(ifindex);
        } else {
            noAddrGen.remove(ifindex);
        }
    }

    @Override
    public NetlinkSubscription subscribe() {
        FakeSubscription s = new FakeSubscription();
        subscriptions.add(s);
        return s;
    }

    @Override
    public synchronized boolean addRoute(Route r) throws NetlinkException {
        requireLink("add route " + r, r.ifindex());
        if (routes.stream().anyMatch(x -> sameRoute(x, r))) {
            return false;
        }
        return routes.add(r);
    }

    @Override
    public synchronized boolean removeRoute(Route r) throws NetlinkException {
        return routes.removeIf(x -> sameRoute(x, r));
    }

    /** The kernel keys a route by table, destination prefix and metric. */
    private static boolean sameRoute(Route a, Route b) {
        return a.table() == b.table() && a.prefixLength() == b.prefixLength() && a.metric() == b.metric()
                && prefix(a.destination(), a.prefixLength()).equals(prefix(b.destination(), b.prefixLength()));
    }

    private static List<Byte> prefix(java.net.InetAddress a, int len) {
        byte[] b = a.getAddress();
        List<Byte> out = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, len - 8 * i));
            out.add((byte) (b[i] & (0xFF << (8 - keep))));
        }
        return out;
    }

    @Override
    public synchronized boolean addRule(Rule r) {
        return !rules.contains(r) && rules.add(r);
    }

    @Override
    public synchronized boolean removeRule(Rule r) {
        return rules.remove(r);
    }

    /** The routes added, in order (test inspection). */
    public synchronized List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The rules added, in order (test inspection). */
    public synchronized List<Rule> rules() {
        return List.copyOf(rules);
    }

    @Override
    public void close() {
        subscriptions.clear();
    }

    private Link requireLink(String op, int ifindex) throws NetlinkException {
        Link l = links.get(ifindex);
        if (l == null) {
            throw NetlinkException.of(op, ENODEV);
        }
        return l;
    }

    private void addLinkLocal(int ifindex, byte[] mac) {
        byte[] b = new byte[16];
        b[0] = (byte) 0xfe;
        b[1] = (byte) 0x80;
        b[8] = (byte) (mac[0] ^ 0x02);
        b[9] = mac[1];
        b[10] = mac[2];
        b[11] = (byte) 0xff;
        b[12] = (byte) 0xfe;
        b[13] = mac[3];
        b[14] = mac[4];
        b[15] = mac[5];
        try {
            InterfaceAddress ll = new InterfaceAddress(ifindex, Inet6Address.getByAddress(b), 64,
                    Optional.empty(), RT_SCOPE_LINK, IFA_F_PERMANENT);
            addresses.add(ll);
            emit(new NetlinkEvent.AddressAdded(ll));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean inSubnet(InetAddress a, InetAddress b, int prefix) {
        if (!(a instanceof Inet4Address) || !(b instanceof Inet4Address)) {
            return false;
        }
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private void emit(NetlinkEvent e) {
        for (FakeSubscription s : subscriptions) {
            s.queue.add(e);
        }
    }

    /** Delivers each event as its own "datagram"; there is no file descriptor. */
    private final class FakeSubscription implements NetlinkSubscription {
        private final LinkedBlockingQueue<NetlinkEvent> queue = new LinkedBlockingQueue<>();

        @Override
        public int fd() {
            return -1;
        }

        @Override
        public List<NetlinkEvent> poll(Duration timeout) {
            try {
                NetlinkEvent e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return e == null ? List.of() : List.of(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }

        @Override
        public List<NetlinkEvent> readAvailable() {
            List<NetlinkEvent> out = new ArrayList<>();
            queue.drainTo(out);
            return out;
        }

        @Override
        public long rejectedDatagrams() {
            return 0;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
