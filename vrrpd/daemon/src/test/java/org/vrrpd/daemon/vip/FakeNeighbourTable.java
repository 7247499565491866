package org.vrrpd.daemon.vip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vrrpd.net.MacAddress;

/**
 * An in-memory {@link NeighbourTable}: entries are keyed by (ifindex, address) and appear only when a test puts
 * them there; resolve requests are recorded, never answered by themselves.
 */
public final class FakeNeighbourTable implements NeighbourTable {

    record Key(int ifindex, InetAddress address) {
    }

    final Map<Key, MacAddress> entries = new HashMap<>();
    final List<Key> resolveRequests = new ArrayList<>();
    int lookups;

    public FakeNeighbourTable put(int ifindex, InetAddress address, MacAddress mac) {
        entries.put(new Key(ifindex, address), mac);
        return this;
    }

    @Override
    public Optional<MacAddress> lookup(int ifindex, InetAddress address) {
        lookups++;
        return Optional.ofNullable(entries.get(new Key(ifindex, address)));
    }

    @Override
    public void resolve(int ifindex, InetAddress address) {
        resolveRequests.add(new Key(ifindex, address));
    }
}
