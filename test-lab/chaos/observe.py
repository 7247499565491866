"""What the campaign watches, each on its own thread: the kernel's addresses of every router (rtnetlink, every
50 ms), the adverts on the bridge (a packet socket on br0), the client's pings (every 10 ms to every VIP) and TCP
connections through the VIPs, each vrrpd's status and history over its control socket (the documents
`vrrpctl status --json` / `history --json` print), and each daemon's RSS, threads and fds."""
import json
import os
import socket
import struct
import threading
import time

from lab import INSTANCES, vip_of, vips_cfg, TCP_PORT
from nsutil import AddrDumper, ns_socket

VIP_OWNER = {}  # address text -> (vrid, family)
for _v, _f in INSTANCES:
    for _a in vips_cfg(_v, _f):
        VIP_OWNER[str(_a.split('/')[0])] = (_v, _f)


def _norm(a):
    return socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, a)) if ':' in a else a


VIP_OWNER = {_norm(k): v for k, v in VIP_OWNER.items()}


class Looper(threading.Thread):
    def __init__(self, period, name):
        super().__init__(daemon=True, name=name)
        self.period, self.stop_ev = period, threading.Event()

    def run(self):
        while not self.stop_ev.is_set():
            t = time.monotonic()
            try:
                self.tick()
            except Exception as e:  # noqa: BLE001 - a poller never dies; the error is kept
                self.error(e)
            self.stop_ev.wait(max(0.0, self.period - (time.monotonic() - t)))

    def error(self, e):
        self.last_error = repr(e)

    def stop(self):
        self.stop_ev.set()


class AddrPoller(Looper):
    """held[node] = (monotonic, set of VIP texts held by the node's kernel)."""

    def __init__(self, lab):
        super().__init__(0.05, 'addr')
        self.lab = lab
        self.dumpers = {n.name: AddrDumper(n.ns) for n in lab.nodes}
        self.held = {}
        self.listeners = []

    def tick(self):
        now_held = {}
        for name, d in self.dumpers.items():
            vips = {a for a in d.dump() if a in VIP_OWNER}
            now_held[name] = vips
            self.held[name] = (time.monotonic(), vips)
        for cb in self.listeners:
            cb(time.monotonic(), now_held)


class AdvertCapture(threading.Thread):
    """Every VRRP advert on the segment, by sender MAC: last[(node_idx, vrid, family)] = (monotonic, priority)."""

    def __init__(self, lab):
        super().__init__(daemon=True, name='capture')
        self.sock = ns_socket(lab.lan, socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.sock.bind(('br0', 0))
        self.sock.settimeout(0.5)
        self.last = {}
        self.count = 0
        self.stop_ev = threading.Event()

    def run(self):
        while not self.stop_ev.is_set():
            try:
                fr = self.sock.recv(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            et = struct.unpack_from('!H', fr, 12)[0]
            if et == 0x0800 and len(fr) >= 34 and fr[23] == 112:
                ihl = (fr[14] & 0x0f) * 4
                v, fam = 14 + ihl, 'ipv4'
            elif et == 0x86dd and len(fr) >= 62 and fr[20] == 112:
                v, fam = 54, 'ipv6'
            else:
                continue
            if len(fr) < v + 4 or fr[6:11] != b'\x02\x00\x00\x00\x00':
                continue
            self.count += 1
            self.last[(fr[11], fr[v + 1], fam)] = (time.monotonic(), fr[v + 2])

    def masters(self, window):
        """(vrid, family) -> set of node indexes that sent a priority > 0 advert within the last window s."""
        now, out = time.monotonic(), {}
        for (idx, vrid, fam), (t, prio) in list(self.last.items()):
            if now - t <= window and prio > 0:
                out.setdefault((vrid, fam), set()).add(idx)
        return out

    def stop(self):
        self.stop_ev.set()


class Pinger(threading.Thread):
    """ICMP echo to every VIP every 10 ms from the client; outages = gaps between replies longer than 60 ms."""
    GAP = 0.06

    def __init__(self, lab):
        super().__init__(daemon=True, name='pinger')
        self.targets = [vip_of(v, f) for v, f in INSTANCES]
        self.s4 = ns_socket(lab.client_ns, socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        self.s6 = ns_socket(lab.client_ns, socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        self.base = (os.getpid() * 7) & 0xff00
        self.last_reply = {t: None for t in self.targets}
        self.outages = {t: [] for t in self.targets}   # (start, end) monotonic
        self.sent = self.received = 0
        self.stop_ev = threading.Event()

    @staticmethod
    def _csum(b):
        if len(b) % 2:
            b += b'\0'
        s = sum(struct.unpack(f'!{len(b) // 2}H', b))
        s = (s >> 16) + (s & 0xffff)
        s += s >> 16
        return ~s & 0xffff

    def run(self):
        for s in (self.s4, self.s6):
            threading.Thread(target=self._recv, args=(s,), daemon=True).start()
        seq = 0
        nxt = time.monotonic()
        while not self.stop_ev.is_set():
            seq = (seq + 1) & 0xffff
            for k, t in enumerate(self.targets):
                ident = self.base + k
                if ':' in t:
                    pkt = struct.pack('!BBHHH', 128, 0, 0, ident, seq) + b'chaos'
                    s, addr = self.s6, (t, 0)
                else:
                    pkt = struct.pack('!BBHHH', 8, 0, 0, ident, seq) + b'chaos'
                    pkt = pkt[:2] + struct.pack('!H', self._csum(pkt)) + pkt[4:]
                    s, addr = self.s4, (t, 0)
                try:
                    s.sendto(pkt, addr)
                    self.sent += 1
                except OSError:
                    pass
            nxt += 0.01
            d = nxt - time.monotonic()
            if d > 0:
                time.sleep(d)
            else:
                nxt = time.monotonic()

    def _recv(self, s):
        s.settimeout(0.5)
        v6 = s.family == socket.AF_INET6
        while not self.stop_ev.is_set():
            try:
                data = s.recv(2048)
            except socket.timeout:
                continue
            except OSError:
                return
            off = 0 if v6 else (data[0] & 0x0f) * 4
            if len(data) < off + 8 or data[off] != (129 if v6 else 0):
                continue
            ident = struct.unpack_from('!H', data, off + 4)[0]
            k = ident - self.base
            if not 0 <= k < len(self.targets):
                continue
            t, now = self.targets[k], time.monotonic()
            self.received += 1
            last = self.last_reply[t]
            if last is not None and now - last > self.GAP:
                self.outages[t].append((last, now))
            self.last_reply[t] = now

    def finish(self):
        """Ends the pinger; a VIP silent at the end counts as an outage up to now."""
        self.stop_ev.set()
        now = time.monotonic()
        for t, last in self.last_reply.items():
            if last is not None and now - last > self.GAP:
                self.outages[t].append((last, now))


class TcpProbe(threading.Thread):
    """A TCP connection to the echo server through one VIP, an 8-byte echo every 100 ms; on a failure the
    connection is dropped and opened again. Records (start, end) of each time without a working connection."""

    def __init__(self, lab, vip):
        super().__init__(daemon=True, name=f'tcp-{vip}')
        self.lab, self.vip = lab, vip
        self.down = []
        self.reconnects = 0
        self.stop_ev = threading.Event()

    def run(self):
        fam = socket.AF_INET6 if ':' in self.vip else socket.AF_INET
        fail_since, s = None, None
        while not self.stop_ev.is_set():
            try:
                if s is None:
                    s = ns_socket(self.lab.client_ns, fam, socket.SOCK_STREAM)
                    s.settimeout(1.0)
                    s.connect((self.vip, TCP_PORT))
                    self.reconnects += 1
                s.sendall(b'chaos-01')
                got = b''
                while len(got) < 8:
                    c = s.recv(8 - len(got))
                    if not c:
                        raise OSError('closed')
                    got += c
                if fail_since is not None:
                    self.down.append((fail_since, time.monotonic()))
                    fail_since = None
                self.stop_ev.wait(0.1)
            except OSError:
                if fail_since is None:
                    fail_since = time.monotonic()
                if s is not None:
                    s.close()
                s = None
                self.stop_ev.wait(0.05)
        if s is not None:
            s.close()

    def stop(self):
        self.stop_ev.set()


def control(sock_path, command, args=None, timeout=0.5):
    """One request over a vrrpd control socket; returns the reply's data or raises OSError/ValueError."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(sock_path)
        s.sendall((json.dumps({'command': command, 'args': args or {}}) + '\n').encode())
        buf = b''
        while not buf.endswith(b'\n'):
            c = s.recv(65536)
            if not c:
                break
            buf += c
    finally:
        s.close()
    reply = json.loads(buf)
    if not reply.get('ok'):
        raise ValueError(reply.get('error'))
    return reply.get('data')
