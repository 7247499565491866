"""Network-namespace helpers for the campaign: sockets created inside a namespace (setns on a short-lived
thread: a socket stays in the namespace it was created in), commands run with `ip netns exec`, and a
minimal rtnetlink address dump (the kernel's addresses of a namespace without a process per poll)."""
import ctypes
import os
import socket
import struct
import subprocess
import threading

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def _setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {path}: {os.strerror(err)}")
    finally:
        os.close(fd)


def in_ns(ns, fn, *args):
    """Runs fn(*args) on a fresh thread inside namespace ns and returns its result (or raises its error)."""
    box = {}

    def body():
        try:
            _setns(f"/run/netns/{ns}")
            box['r'] = fn(*args)
        except BaseException as e:  # handed to the caller
            box['e'] = e
    t = threading.Thread(target=body, daemon=True)
    t.start()
    t.join()
    if 'e' in box:
        raise box['e']
    return box.get('r')


def ns_socket(ns, family, kind, proto=0):
    return in_ns(ns, socket.socket, family, kind, proto)


def sh(*cmd, check=True, quiet=False, timeout=30, input_text=None):
    r = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, input=input_text)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout if not quiet else r.returncode


def nsx(ns, *cmd, **kw):
    return sh('ip', 'netns', 'exec', ns, *cmd, **kw)


# ---- rtnetlink: RTM_GETADDR dump -----------------------------------------------------------------------------

RTM_GETADDR = 22
RTM_NEWADDR = 20
NLM_F_REQUEST = 1
NLM_F_DUMP = 0x300
NLMSG_DONE = 3
NLMSG_ERROR = 2
IFA_ADDRESS = 1
IFA_LOCAL = 2


class AddrDumper:
    """The addresses of one namespace, by dumping RTM_GETADDR on a netlink socket created inside it."""

    def __init__(self, ns):
        self.sock = ns_socket(ns, socket.AF_NETLINK, socket.SOCK_RAW, 0)  # NETLINK_ROUTE = 0
        self.sock.bind((0, 0))
        self.sock.settimeout(2.0)
        self.seq = 0
        self.lock = threading.Lock()

    def dump(self):
        """Returns the set of address texts (without prefix length) of every interface except lo."""
        with self.lock:
            self.seq += 1
            hdr = struct.pack('=IHHII', 16 + 8, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, self.seq, 0)
            self.sock.send(hdr + struct.pack('=BBBBI', socket.AF_UNSPEC, 0, 0, 0, 0))
            out = set()
            while True:
                data = self.sock.recv(65536)
                off = 0
                while off < len(data):
                    ln, typ, _flags, seq, _pid = struct.unpack_from('=IHHII', data, off)
                    if ln < 16:
                        return out
                    if seq == self.seq:
                        if typ == NLMSG_DONE or typ == NLMSG_ERROR:
                            return out
                        if typ == RTM_NEWADDR:
                            self._parse(data[off + 16:off + ln], out)
                    off += (ln + 3) & ~3

    @staticmethod
    def _parse(msg, out):
        fam, _plen, _flags, _scope, idx = struct.unpack_from('=BBBBI', msg, 0)
        if idx == 1:  # lo
            return
        off, local, addr = 8, None, None
        while off + 4 <= len(msg):
            rl, rt = struct.unpack_from('=HH', msg, off)
            if rl < 4:
                break
            val = msg[off + 4:off + rl]
            if rt in (IFA_ADDRESS, IFA_LOCAL):
                txt = socket.inet_ntop(fam, val)
                if rt == IFA_LOCAL:
                    local = txt
                else:
                    addr = txt
            off += (rl + 3) & ~3
        a = local or addr
        if a:
            out.add(a)

    def close(self):
        self.sock.close()
