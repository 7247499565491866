#!/usr/bin/env python3
"""Reads the benchmark's captures (classic pcap, micro- or nanosecond timestamps, Ethernet) without scapy.

  pcapstat.py failover PCAP EVENTS NEW_SRC NEW_MAC      -> one line per event: rep advert_ms probe_ms detect_ms
      EVENTS: lines "t0_ns" (CLOCK_REALTIME, like the capture). advert_ms: first VRRP advert with priority > 0
      from NEW_SRC after t0; probe_ms: first ICMP echo reply (v4 or v6) whose Ethernet source is NEW_MAC;
      detect_ms: that advert measured from the old master's last advert before it, whatever its priority: the
      receiver's own timing (Skew_Time after a priority-0 advert, Master_Down_Interval after silence).
  pcapstat.py jitter PCAP SRC INTERVAL_MS OUT_GAPS       -> p50 p99 p999 maxdev (ms, |gap - interval|), n
  pcapstat.py masters PCAP VRID                           -> number of changes of the advertising source
  pcapstat.py stats FILE                                  -> min median max n of one number per line
"""
import statistics
import struct
import sys


def frames(path):
    with open(path, 'rb') as f:
        hdr = f.read(24)
        if len(hdr) < 24:
            return
        magic = struct.unpack('<I', hdr[:4])[0]
        if magic == 0xa1b2c3d4:
            endian, scale = '<', 1000
        elif magic == 0xa1b23c4d:
            endian, scale = '<', 1
        elif magic == 0xd4c3b2a1:
            endian, scale = '>', 1000
        elif magic == 0x4d3cb2a1:
            endian, scale = '>', 1
        else:
            raise SystemExit(f'{path}: not a pcap file')
        linktype = struct.unpack(endian + 'I', hdr[20:24])[0]
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack(endian + 'IIII', rec)
            data = f.read(incl)
            if len(data) < incl:
                return
            yield sec * 1_000_000_000 + frac * scale, linktype, data


def decode(data, linktype):
    """(src_mac, l3 proto, src ip text, ip payload, ip_version) or None."""
    if linktype == 1:
        if len(data) < 14:
            return None
        src_mac = ':'.join(f'{b:02x}' for b in data[6:12])
        etype = struct.unpack('!H', data[12:14])[0]
        off = 14
        if etype == 0x8100:
            etype = struct.unpack('!H', data[16:18])[0]
            off = 18
    else:
        return None
    if etype == 0x0800 and len(data) >= off + 20:
        ihl = (data[off] & 0x0f) * 4
        proto = data[off + 9]
        src = '.'.join(str(b) for b in data[off + 12:off + 16])
        return src_mac, proto, src, data[off + ihl:], 4
    if etype == 0x86dd and len(data) >= off + 40:
        nh = data[off + 6]
        src = ipv6_text(data[off + 8:off + 24])
        return src_mac, nh, src, data[off + 40:], 6
    return None


def ipv6_text(b):
    import ipaddress
    return str(ipaddress.IPv6Address(bytes(b)))


def vrrp_adverts(path):
    """(t_ns, src_ip, vrid, priority, src_mac)."""
    for t, lt, data in frames(path):
        d = decode(data, lt)
        if d and d[1] == 112 and len(d[3]) >= 8:
            yield t, d[2], d[3][1], d[3][2], d[0]


def echo_replies(path):
    for t, lt, data in frames(path):
        d = decode(data, lt)
        if not d or not d[3]:
            continue
        if (d[1] == 1 and d[3][0] == 0) or (d[1] == 58 and d[3][0] == 129):
            yield t, d[0], d[2]


def failover(pcap, events, new_src, new_mac):
    t0s = [int(l.split()[0]) for l in open(events) if l.strip()]
    every = [(t, s) for t, s, _, prio, _ in vrrp_adverts(pcap)]
    adverts = [(t, s) for t, s, _, prio, _ in vrrp_adverts(pcap) if prio > 0]
    old = [t for t, s in every if s != new_src]
    replies = [(t, m) for t, m, _ in echo_replies(pcap)]
    for i, t0 in enumerate(t0s):
        end = t0s[i + 1] if i + 1 < len(t0s) else 1 << 62
        a = next((t for t, s in adverts if t0 <= t < end and s == new_src), None)
        p = next((t for t, m in replies if t0 <= t < end and m == new_mac.lower()), None)
        last = max((t for t in old if a is not None and t < a), default=None)
        fmt = lambda x, base=t0: f'{(x - base) / 1e6:.2f}' if x is not None and base is not None else 'NA'
        print(i + 1, fmt(a), fmt(p), fmt(a, last))


def pct(sorted_vals, q):
    if not sorted_vals:
        return float('nan')
    k = min(len(sorted_vals) - 1, max(0, int(round(q * (len(sorted_vals) - 1)))))
    return sorted_vals[k]


def jitter(pcap, src, interval_ms, out):
    ts = [t for t, s, _, prio, _ in vrrp_adverts(pcap) if s == src and prio > 0]
    gaps = [(b - a) / 1e6 for a, b in zip(ts, ts[1:])]
    with open(out, 'w') as f:
        for g in gaps:
            f.write(f'{g:.4f}\n')
    dev = sorted(abs(g - interval_ms) for g in gaps)
    print(f'{pct(dev, .5):.3f} {pct(dev, .99):.3f} {pct(dev, .999):.3f} {max(dev) if dev else float("nan"):.3f} {len(gaps)}')


def masters(pcap, vrid):
    last, changes = None, 0
    for _, s, v, prio, _ in vrrp_adverts(pcap):
        if v != vrid or prio == 0:
            continue
        if last is not None and s != last:
            changes += 1
        last = s
    print(changes)


def stats(path):
    vals = []
    for line in open(path):
        line = line.strip()
        if line and line != 'NA':
            vals.append(float(line))
    if not vals:
        print('NA NA NA 0')
        return
    print(f'{min(vals):.1f} {statistics.median(vals):.1f} {max(vals):.1f} {len(vals)}')


def main(argv):
    cmd = argv[1]
    if cmd == 'failover':
        failover(argv[2], argv[3], argv[4], argv[5])
    elif cmd == 'jitter':
        jitter(argv[2], argv[3], float(argv[4]), argv[5])
    elif cmd == 'masters':
        masters(argv[2], int(argv[3]))
    elif cmd == 'stats':
        stats(argv[2])
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
