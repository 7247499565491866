package org.vrrpd.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for addresses, envelopes and advertisements shared by the *Properties classes. */
final class WireArbitraries {

    private WireArbitraries() {
    }

    static Arbitrary<InetAddress> ipv4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(WireArbitraries::v4);
    }

    static Arbitrary<InetAddress> ipv6() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(WireArbitraries::v6);
    }

    static Arbitrary<InetAddress> ipv6LinkLocal() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(raw -> {
            byte[] ll = raw.clone();
            ll[0] = (byte) 0xFE;
            ll[1] = (byte) (0x80 | (ll[1] & 0x3F));
            return v6(ll);
        });
    }

    static Arbitrary<InetAddress> address(AddressFamily family) {
        return family == AddressFamily.IPV4 ? ipv4() : ipv6();
    }

    static Arbitrary<IpEnvelope> envelope(AddressFamily family) {
        return Combinators.combine(address(family), address(family), ttl(), Arbitraries.integers())
                .as(IpEnvelope::new);
    }

    /** Mostly 255, so that hostile-input properties get past the TTL check. */
    static Arbitrary<Integer> ttl() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just(255)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
    }

    /** Any envelope, including ones whose source and destination differ in family. */
    static Arbitrary<IpEnvelope> anyEnvelope() {
        Arbitrary<InetAddress> any = Arbitraries.oneOf(ipv4(), ipv6());
        return Arbitraries.oneOf(envelope(AddressFamily.IPV4), envelope(AddressFamily.IPV6),
                Combinators.combine(any, any, Arbitraries.integers().between(0, 255), Arbitraries.integers())
                        .as(IpEnvelope::new));
    }

    /** Advertisements the decoder accepts: type 1, count ≥ 1, interval ≥ 1, IPv6 list led by a link-local. */
    static Arbitrary<VrrpAdvertisement> acceptableAdvert(int version, AddressFamily family) {
        Arbitrary<List<InetAddress>> addresses;
        if (family == AddressFamily.IPV6) {
            addresses = Combinators.combine(ipv6LinkLocal(), ipv6().list().ofMaxSize(20)).as((first, rest) -> {
                List<InetAddress> all = new ArrayList<>();
                all.add(first);
                all.addAll(rest);
                return all;
            });
        } else {
            addresses = ipv4().list().ofMinSize(1).ofMaxSize(30);
        }
        Arbitrary<Integer> interval = Arbitraries.integers().between(1, version == 3 ? 4095 : 255);
        Arbitrary<VrrpAuthentication> auth = version == 3 ? Arbitraries.just(VrrpAuthentication.none())
                : Combinators.combine(Arbitraries.integers().between(0, 255),
                        Arbitraries.bytes().array(byte[].class).ofSize(8)).as(VrrpAuthentication::new);
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                interval, addresses, auth).as((vrid, prio, iv, addrs, a) ->
                        new VrrpAdvertisement(version, 1, vrid, prio, iv, family, addrs, a));
    }

    static InetAddress v4(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static InetAddress v6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
