#!/usr/bin/env python3
"""The fresh-start part's figures (test-lab/bench/fresh.sh), from its capture and b's address events.

  freshstat.py PCAP EVENTS MONITOR SCENARIO INTERVAL_MS OLD_SRC NEW_SRC NEW_MAC VIP
      -> one line per event: rep prio0_ms timer_advert_ms timer_vip_ms garp_after_advert_ms was_master
  EVENTS: one CLOCK_REALTIME ns per repetition (the signal to the old master). MONITOR: `ip -ts monitor address`
  in the new master's namespace, run with TZ=UTC. The RFC timer of the new master (priority 100) is Skew_Time after
  the old master's priority-0 advert (sigterm) or Master_Down_Interval after its last advert (sigkill), from the
  capture. prio0_ms: signal → priority-0 advert on the wire (sigterm only); timer_advert_ms: RFC timer → the new
  master's first advert; timer_vip_ms: RFC timer → the VIP on the new master: its address event, or the new master's
  first gratuitous ARP for it when that was captured first (see vip_on below); garp_after_advert_ms:
  its first gratuitous ARP for the VIP − its first advert. NA where an item is missing, or where a step of the
  wall clock falls inside the repetition. was_master: 1 when the new master advertised in the few seconds
  before the event (it had been Master since its start, so this was not its first takeover), else 0.
"""
import datetime
import struct
import sys

from pcapstat import decode, frames, vrrp_adverts


def arps(path, mac, vip):
    """Times of ARP frames from MAC whose sender address is VIP (gratuitous ARP replies or requests)."""
    for t, lt, data in frames(path):
        if lt != 1 or len(data) < 42:
            continue
        etype = struct.unpack('!H', data[12:14])[0]
        if etype != 0x0806:
            continue
        src_mac = ':'.join(f'{b:02x}' for b in data[6:12])
        sender = '.'.join(str(b) for b in data[28:32])
        if src_mac == mac and sender == vip:
            yield t


def vip_events(path, vip):
    """CLOCK_REALTIME ns of each 'VIP added' event in an `ip -ts monitor address` log (UTC)."""
    out = []
    for line in open(path, errors='replace'):
        if not line.startswith('[') or 'Deleted' in line or f' inet {vip}/' not in line:
            continue
        stamp = line[1:line.index(']')]
        dt = datetime.datetime.strptime(stamp, '%Y-%m-%dT%H:%M:%S.%f').replace(tzinfo=datetime.timezone.utc)
        out.append(int(dt.timestamp()) * 1_000_000_000 + dt.microsecond * 1000)
    return out


def vip_on(event, garp):
    """When the VIP was on the new master: the earlier of two upper bounds. `ip monitor` stamps an address event
    when it gets to read it (on two cores shared by both daemons and the capture, up to 3 ms after the kernel
    added the address; at real-time priority it reads at once but preempts the daemon it observes), and both
    daemons send a VIP's first gratuitous ARP only once the kernel has added it (vrrpd: its add request has
    returned, the kernel adds in the call; keepalived: after the kernel's answer), so the GARP's capture time is
    one too."""
    if event is None or garp is None:
        return event if garp is None else garp
    return min(event, garp)


def main(argv):
    pcap, events, monitor, scen, ival, old, new, mac, vip = argv[1:10]
    ival = float(ival)
    skew = (256 - 100) * ival / 256
    mdi = 3 * ival + skew
    t0s = [int(l.split()[0]) for l in open(events) if l.strip()]
    ads = list(vrrp_adverts(pcap))
    garps = list(arps(pcap, mac.lower(), vip))
    vips = vip_events(monitor, vip)
    fmt = lambda x: 'NA' if x is None else f'{x / 1e6:.3f}'
    # each repetition's window is a fixed span after its event, not "until the next event": another process
    # stepping the wall clock (CLOCK_REALTIME is not per namespace) must not merge or empty repetitions
    span = int((10 * ival + 3000) * 1e6)
    for i, t0 in enumerate(t0s):
        end = t0 + span
        first_new = next((t for t, s, _, p, _ in ads if t0 <= t < end and s == new and p > 0), None)
        prio0 = next((t for t, s, _, p, _ in ads if t0 <= t < end and s == old and p == 0), None)
        last_old = max((t for t, s, _, p, _ in ads if s == old and p > 0 and t0 - 5 * ival * 1e6 <= t
                        and t < (first_new or end)), default=None)
        if scen == 'sigterm':
            timer = prio0 + skew * 1e6 if prio0 is not None else None
        else:
            timer = last_old + mdi * 1e6 if last_old is not None else None
        # since the previous repetition ended (its new master's priority-0 advert as it was stopped)
        since = max((t for t, s, _, p, _ in ads if s == new and p == 0 and t0 - 60e9 < t < t0), default=t0 - 60e9)
        was_master = any(since < t < t0 and s == new and p > 0 for t, s, _, p, _ in ads)
        garp = next((t for t in garps if t0 <= t < end), None)
        vip_at = vip_on(next((t for t in vips if t0 <= t < end), None), garp)
        # a difference of more than a second (or below -50 ms) spans a clock step: not a measurement
        d = lambda a, b: None if a is None or b is None or not -50e6 < a - b < 1e9 else a - b
        print(i + 1, fmt(d(prio0, t0)) if scen == 'sigterm' else 'NA', fmt(d(first_new, timer)),
              fmt(d(vip_at, timer)), fmt(d(garp, first_new)), int(was_master))


if __name__ == '__main__':
    main(sys.argv)
