#!/usr/bin/env python3
"""Wire fuzzer for a running vrrpd: hand-built Ethernet frames on an AF_PACKET socket.

Every frame is invalid for the daemon's instances (or valid but for a VRID they do not run), so none may
change their state. Each class states the drop reason each instance kind must count:
  v3 = VRRPv3/IPv4 instance (VRID 42), v2 = VRRPv2/IPv4 instance (VRID 43), v6 = VRRPv3/IPv6 (VRID 44),
  kernel = dropped by the kernel before any socket (the /proc/net/snmp counter that shows it).
Prints one JSON document: per class the frames sent and the expected reasons. Needs CAP_NET_RAW.

Only documentation addresses: 192.0.2.0/24, 2001:db8::/32, fe80::/64. Standard library only.
"""
import argparse
import json
import random
import socket
import struct
import sys
import time

V3_VRID, V2_VRID, V6_VRID = 42, 43, 44
SRC4 = socket.inet_aton("192.0.2.3")
GROUP4 = socket.inet_aton("224.0.0.18")
SRC6 = socket.inet_pton(socket.AF_INET6, "fe80::3")
GROUP6 = socket.inet_pton(socket.AF_INET6, "ff02::12")
VIP4 = socket.inet_aton("192.0.2.100")
VIP6_LL = socket.inet_pton(socket.AF_INET6, "fe80::2c")
VIP6 = socket.inet_pton(socket.AF_INET6, "2001:db8::100")
SRC_MAC = bytes.fromhex("020000000003")
MCAST4_MAC = bytes.fromhex("01005e000012")
MCAST6_MAC = bytes.fromhex("333300000012")


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def vrrp(version=3, vtype=1, vrid=V3_VRID, prio=255, count=None, interval=10, addrs=(VIP4,), auth=None,
         v2_auth_type=0):
    addrs = list(addrs)
    n = len(addrs) if count is None else count
    if version == 2:
        head = struct.pack("!BBBBBBH", (version << 4) | vtype, vrid, prio, n, v2_auth_type, interval & 0xFF, 0)
        body = b"".join(addrs) + (auth if auth is not None else b"\0" * 8)
    else:
        head = struct.pack("!BBBBHH", (version << 4) | vtype, vrid, prio, n, interval & 0x0FFF, 0)
        body = b"".join(addrs)
    return bytearray(head + body)


def with_checksum(msg, pseudo=None):
    msg = bytearray(msg)
    msg[6:8] = b"\0\0"
    data = bytes(msg) if len(msg) >= 8 else bytes(msg)
    value = csum((pseudo or b"") + data)
    if len(msg) >= 8:
        msg[6:8] = struct.pack("!H", value)
    return bytes(msg)


def v6_pseudo(src, dst, length):
    return src + dst + struct.pack("!I", length) + b"\0\0\0" + bytes([112])


def bad_checksum4(msg):
    """A checksum matching neither v3/IPv4 form (message only, IPv4 pseudo-header)."""
    good_msg = with_checksum(msg)
    pseudo = SRC4 + GROUP4 + struct.pack("!BBH", 0, 112, len(msg))
    good_ph = with_checksum(msg, pseudo)
    bad = bytearray(good_msg)
    forbidden = {good_msg[6:8], good_ph[6:8]}
    value = struct.unpack("!H", good_msg[6:8])[0]
    while struct.pack("!H", value) in forbidden:
        value = (value + 0x1111) & 0xFFFF
    bad[6:8] = struct.pack("!H", value)
    return bytes(bad)


def ipv4(payload, ttl=255, options=b"", bad_csum=False, version=4, ihl=None, total=None, dst=GROUP4, mac=MCAST4_MAC):
    hl = 20 + len(options)
    ihl_v = hl // 4 if ihl is None else ihl
    tot = hl + len(payload) if total is None else total
    hdr = bytearray(struct.pack("!BBHHHBBH4s4s", (version << 4) | ihl_v, 0xC0, tot, 0, 0x4000, ttl, 112, 0,
                                SRC4, dst) + options)
    c = csum(bytes(hdr))
    if bad_csum:
        c ^= 0x5A5A
    hdr[10:12] = struct.pack("!H", c)
    return mac + SRC_MAC + b"\x08\x00" + bytes(hdr) + payload


def ipv6(upper, hop=255, ext=b"", first_nh=112, plen=None):
    length = len(ext) + len(upper) if plen is None else plen
    hdr = struct.pack("!IHBB", 6 << 28, length, first_nh, hop) + SRC6 + GROUP6
    return MCAST6_MAC + SRC_MAC + b"\x86\xdd" + hdr + ext + upper


def v6_msg(vrid=V6_VRID, prio=255, version=3, addrs=(VIP6_LL, VIP6), interval=10, checksum="ok", count=None):
    m = vrrp(version=version, vrid=vrid, prio=prio, addrs=addrs, interval=interval, count=count)
    pseudo = v6_pseudo(SRC6, GROUP6, len(m))
    if checksum == "ok":
        return with_checksum(m, pseudo)
    if checksum == "message_only":
        return with_checksum(m)
    good = with_checksum(m, pseudo)
    bad = bytearray(good)
    bad[6] ^= 0xA5
    return bytes(bad)


def rprio(r):
    # 255 would make a Master step down and 0 would make a Backup take over: either shows a wrong accept
    return r.choice((0, 255))


def other_vrid(r):
    while True:
        v = r.randrange(1, 256)
        if v not in (V3_VRID, V2_VRID, V6_VRID):
            return v


# name -> (builder(random) -> frame, expected reasons per instance kind)
CLASSES = {
    "ttl_not_255": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r))), ttl=r.choice((0, 1, 64, 128, 254))),
                    {"v3": "ttl_error", "v2": "ttl_error"}),
    "truncated": (lambda r: ipv4(bytes(r.randrange(256) for _ in range(r.randrange(0, 8)))),
                  {"v3": "packet_too_short", "v2": "packet_too_short"}),
    "oversized": (lambda r: ipv4(with_checksum(bytes(vrrp(prio=rprio(r))) + bytes(r.randrange(1, 1400)))),
                  {"v3": "length_mismatch", "v2": "length_mismatch"}),
    "count_lie": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r), count=r.choice((2, 3, 17, 255))))),
                  {"v3": "length_mismatch", "v2": "length_mismatch"}),
    "count_zero": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r), count=0))),
                   {"v3": "count_zero", "v2": "count_zero"}),
    "bad_checksum": (lambda r: ipv4(bad_checksum4(vrrp(prio=rprio(r)))),
                     {"v3": "checksum_error", "v2": "checksum_error"}),
    "bad_version": (lambda r: ipv4(with_checksum(vrrp(version=r.choice((0, 1, 4, 5, 7, 15)), prio=rprio(r)))),
                    {"v3": "bad_version", "v2": "bad_version"}),
    "bad_type": (lambda r: ipv4(with_checksum(vrrp(vtype=r.choice((0, 2, 3, 15)), prio=rprio(r)))),
                 {"v3": "bad_type", "v2": "bad_type"}),
    "interval_zero": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r), interval=0))),
                      {"v3": "interval_zero", "v2": "interval_zero"}),
    # a v2 router checks the version before the VRID
    "unknown_vrid": (lambda r: ipv4(with_checksum(vrrp(vrid=other_vrid(r), prio=rprio(r)))),
                     {"v3": "vrid_mismatch", "v2": "bad_version"}),
    "v2_unknown_vrid": (lambda r: ipv4(with_checksum(vrrp(version=2, vrid=other_vrid(r), prio=rprio(r),
                                                          interval=1))),
                        {"v3": "bad_version", "v2": "vrid_mismatch"}),
    "ipv4_options": (lambda r: ipv4(with_checksum(vrrp(vrid=other_vrid(r))), options=b"\x01\x01\x01\x00"),
                     {"v3": "vrid_mismatch", "v2": "bad_version"}),
    "v2_to_v3": (lambda r: ipv4(with_checksum(vrrp(version=2, vrid=V3_VRID, prio=rprio(r), interval=1))),
                 {"v3": "bad_version", "v2": "vrid_mismatch"}),
    "v3_to_v2": (lambda r: ipv4(with_checksum(vrrp(version=3, vrid=V2_VRID, prio=rprio(r)))),
                 {"v3": "vrid_mismatch", "v2": "bad_version"}),
    "v2_auth_mismatch": (lambda r: ipv4(with_checksum(vrrp(version=2, vrid=V2_VRID, prio=rprio(r), interval=1,
                                                           v2_auth_type=1, auth=b"guess\0\0\0"))),
                         {"v3": "bad_version", "v2": "auth_mismatch"}),
    "v2_interval_mismatch": (lambda r: ipv4(with_checksum(vrrp(version=2, vrid=V2_VRID, prio=rprio(r),
                                                               interval=r.choice((2, 3, 255))))),
                             {"v3": "bad_version", "v2": "interval_mismatch_v2"}),
    "ip_bad_header_checksum": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r))), bad_csum=True),
                               {"kernel": "Ip:InHdrErrors"}),
    "ip_bad_version": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r))), version=5),
                       {"kernel": "Ip:InHdrErrors"}),
    "ip_ihl_too_small": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r))), ihl=4),
                         {"kernel": "Ip:InHdrErrors"}),
    "ip_total_length_lie": (lambda r: ipv4(with_checksum(vrrp(prio=rprio(r))), total=1400),
                            {"kernel": "IpExt:InTruncatedPkts"}),
    "v6_hop_limit_not_255": (lambda r: ipv6(v6_msg(prio=rprio(r)), hop=r.choice((0, 1, 64, 254))),
                             {"v6": "ttl_error"}),
    "v6_bad_checksum": (lambda r: ipv6(v6_msg(prio=rprio(r), checksum="bad")), {"v6": "checksum_error"}),
    "v6_message_only_checksum": (lambda r: ipv6(v6_msg(prio=rprio(r), checksum="message_only")),
                                 {"v6": "checksum_error"}),
    "v6_first_not_link_local": (lambda r: ipv6(v6_msg(prio=rprio(r), addrs=(VIP6, VIP6_LL))),
                                {"v6": "ipv6_first_not_link_local"}),
    "v6_version_2": (lambda r: ipv6(v6_msg(prio=rprio(r), version=2)), {"v6": "bad_version"}),
    "v6_truncated": (lambda r: ipv6(bytes(r.randrange(256) for _ in range(r.randrange(0, 8)))),
                     {"v6": "packet_too_short"}),
    "v6_count_lie": (lambda r: ipv6(v6_msg(prio=rprio(r), count=5)), {"v6": "length_mismatch"}),
    "v6_ext_hop_by_hop": (lambda r: ipv6(v6_msg(vrid=other_vrid(r)), first_nh=0,
                                         ext=bytes([112, 0, 1, 4, 0, 0, 0, 0])), {"v6": "vrid_mismatch"}),
    "v6_ext_dest_options": (lambda r: ipv6(v6_msg(vrid=other_vrid(r)), first_nh=60,
                                           ext=bytes([112, 0, 1, 4, 0, 0, 0, 0])), {"v6": "vrid_mismatch"}),
    "v6_ext_atomic_fragment": (lambda r: ipv6(v6_msg(vrid=other_vrid(r)), first_nh=44,
                                              ext=struct.pack("!BBHI", 112, 0, 0, r.randrange(1 << 32))),
                               {"v6": "vrid_mismatch"}),
    "v6_payload_length_lie": (lambda r: ipv6(v6_msg(prio=rprio(r)), plen=1200),
                              {"kernel": "Ip6:InTruncatedPkts"}),
}

FLOOD = "flood_unknown_vrid"


def spoof(a):
    ip, mac = a.advert.split(",")
    dst = socket.inet_aton(ip)
    msg = vrrp(vrid=V3_VRID, prio=255, interval=10)
    pseudo = SRC4 + dst + struct.pack("!BBH", 0, 112, len(msg))
    frame = ipv4(with_checksum(msg, pseudo), dst=dst, mac=bytes.fromhex(mac.replace(":", "")))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    for _ in range(a.count):
        s.send(frame)
        time.sleep(a.interval_ms / 1000.0)
    json.dump({"sent": a.count}, sys.stdout)
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--iface", default="eth0")
    ap.add_argument("--count", type=int, default=10000, help="paced frames, spread over every class")
    ap.add_argument("--flood", type=int, default=0, help="then this many frames back to back (unknown VRID)")
    ap.add_argument("--pps", type=int, default=5000, help="rate of the paced phase")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--list", action="store_true", help="print the classes and their expected reasons")
    ap.add_argument("--advert", metavar="DST_IP,DST_MAC",
                    help="instead: --count valid VRRPv3 adverts (VRID 42, priority 255, 100 ms) to this address"
                         " (the group 224.0.0.18 or a router), one every --interval-ms: an attacker's election bid")
    ap.add_argument("--interval-ms", type=int, default=20)
    a = ap.parse_args()
    if a.advert:
        spoof(a)
        return
    if a.list:
        json.dump({k: v[1] for k, v in CLASSES.items()}, sys.stdout, indent=1)
        return
    r = random.Random(a.seed)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    names = sorted(CLASSES)
    sent = {n: 0 for n in names}
    errors = 0
    start = time.monotonic()
    batch = max(1, a.pps // 100)
    for i in range(a.count):
        name = names[i % len(names)] if i < len(names) else r.choice(names)
        frame = CLASSES[name][0](r)
        try:
            s.send(frame)
            sent[name] += 1
        except OSError:
            errors += 1
        if (i + 1) % batch == 0:
            due = start + (i + 1) / a.pps
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
    paced_s = time.monotonic() - start
    flood_sent = 0
    flood_start = time.monotonic()
    frames = [ipv4(with_checksum(vrrp(vrid=other_vrid(r), prio=255))) for _ in range(256)]
    for i in range(a.flood):
        try:
            s.send(frames[i & 255])
            flood_sent += 1
        except OSError:
            errors += 1
    flood_s = time.monotonic() - flood_start
    out = {
        "classes": {n: {"sent": sent[n], "expect": CLASSES[n][1]} for n in names},
        "flood": {"sent": flood_sent, "seconds": round(flood_s, 3),
                  "pps": round(flood_sent / flood_s) if flood_s > 0 and flood_sent else 0,
                  "expect": {"v3": "vrid_mismatch", "v2": "bad_version"}},
        "paced_seconds": round(paced_s, 3),
        "send_errors": errors,
    }
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
