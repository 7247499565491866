package org.vrrpd.net.nftables;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vrrpd.net.netlink.NetlinkException;

/**
 * An in-memory nf_tables with the kernel's rules that matter to vrrpd: a transaction applies whole or not at all;
 * deleting a missing table or set element, or touching a set of a missing table, fails with ENOENT. Tables,
 * set contents, counters and rules can be read back; the next commit can be made to fail.
 */
public final class FakeNftables implements Nftables {

    private static final int ENOENT = 2;

    /** One table: its sets' elements, counters and rules (as expression lists). */
    public record Table(Map<String, Set<InetAddress>> sets, Map<String, NftCounter> counters,
            List<List<NftExpr>> rules) {
        Table copy() {
            Map<String, Set<InetAddress>> s = new LinkedHashMap<>();
            sets.forEach((k, v) -> s.put(k, new LinkedHashSet<>(v)));
            return new Table(s, new LinkedHashMap<>(counters), new ArrayList<>(rules));
        }
    }

    private Map<String, Table> tables = new LinkedHashMap<>();
    private final List<List<NftOp>> commits = new ArrayList<>();
    private int failNext;
    private boolean closed;

    @Override
    public void commit(int family, List<NftOp> ops) throws NetlinkException {
        if (failNext != 0) {
            int errno = failNext;
            failNext = 0;
            throw NetlinkException.of(ops.get(0).describe(), errno);
        }
        Map<String, Table> next = new LinkedHashMap<>();
        tables.forEach((k, v) -> next.put(k, v.copy()));
        for (NftOp op : ops) {
            apply(next, op);
        }
        tables = next;
        commits.add(List.copyOf(ops));
    }

    private static void apply(Map<String, Table> t, NftOp op) throws NetlinkException {
        if (op instanceof NftOp.AddTable a) {
            t.computeIfAbsent(a.table(), k -> new Table(new LinkedHashMap<>(), new LinkedHashMap<>(),
                    new ArrayList<>()));
        } else if (op instanceof NftOp.DeleteTable d) {
            if (t.remove(d.table()) == null) {
                throw NetlinkException.of(op.describe(), ENOENT);
            }
        } else if (op instanceof NftOp.AddSet s) {
            table(t, s.table(), op).sets().putIfAbsent(s.set(), new LinkedHashSet<>());
        } else if (op instanceof NftOp.AddElements e) {
            set(t, e.table(), e.set(), op).addAll(e.addresses());
        } else if (op instanceof NftOp.DeleteElements e) {
            Set<InetAddress> set = set(t, e.table(), e.set(), op);
            if (!set.containsAll(e.addresses())) {
                throw NetlinkException.of(op.describe(), ENOENT);
            }
            set.removeAll(e.addresses());
        } else if (op instanceof NftOp.AddCounter c) {
            table(t, c.table(), op).counters().put(c.name(), new NftCounter(c.packets(), c.bytes()));
        } else if (op instanceof NftOp.AddRule r) {
            table(t, r.table(), op).rules().add(r.expressions());
        } else if (op instanceof NftOp.AddChain c) {
            table(t, c.table(), op);
        }
    }

    private static Table table(Map<String, Table> t, String name, NftOp op) throws NetlinkException {
        Table table = t.get(name);
        if (table == null) {
            throw NetlinkException.of(op.describe(), ENOENT);
        }
        return table;
    }

    private static Set<InetAddress> set(Map<String, Table> t, String table, String set, NftOp op)
            throws NetlinkException {
        Set<InetAddress> s = table(t, table, op).sets().get(set);
        if (s == null) {
            throw NetlinkException.of(op.describe(), ENOENT);
        }
        return s;
    }

    @Override
    public Optional<NftCounter> counter(int family, String table, String name) {
        Table t = tables.get(table);
        return t == null ? Optional.empty() : Optional.ofNullable(t.counters().get(name));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Makes the next commit fail with {@code errno}, changing nothing. */
    public void failNext(int errno) {
        failNext = errno;
    }

    /** Counts packets on a counter, as the kernel would when a rule sends one through it. */
    public void count(String table, String name, long packets) {
        tables.get(table).counters().merge(name, new NftCounter(packets, packets * 40),
                (a, b) -> new NftCounter(a.packets() + b.packets(), a.bytes() + b.bytes()));
    }

    public Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** The elements of a set, empty if the table or set is missing. */
    public Set<InetAddress> elements(String table, String set) {
        Table t = tables.get(table);
        return t == null ? Set.of() : Set.copyOf(t.sets().getOrDefault(set, Set.of()));
    }

    public List<List<NftOp>> commits() {
        return List.copyOf(commits);
    }

    public boolean closed() {
        return closed;
    }

    /** For tests that start from a table left by a killed run. */
    public Map<String, Table> tables() {
        return new HashMap<>(tables);
    }
}
