"""The campaign's segment: a bridge namespace, N routers (vrrpd or keepalived) and a client, their configs, and
the daemons' processes (started, signalled, supervised like systemd's Restart=on-failure with RestartSec=1s).
Addresses: 192.0.2.0/24 and 2001:db8::/32 only, in namespaces this run creates (prefix per run)."""
import json
import os
import signal
import socket
import subprocess
import threading
import time

from nsutil import sh, nsx

VRIDS = (1, 2)
FAMILIES = ('ipv4', 'ipv6')
CLIENT_V4, CLIENT_V6 = '192.0.2.50', '2001:db8::50'
TCP_PORT = 7000
METRICS_PORT = 9650


def inst_name(vrid, fam):
    return f"vr{vrid}" if fam == 'ipv4' else f"vr{vrid}_6"


def vip_of(vrid, fam):
    """The address the client probes for an instance (IPv6: the global VIP; the link-local one comes first)."""
    return f"192.0.2.{100 + vrid}" if fam == 'ipv4' else f"2001:db8::{100 + vrid}"


def vips_cfg(vrid, fam):
    return [f"192.0.2.{100 + vrid}/24"] if fam == 'ipv4' else [f"fe80::1:{vrid}/64", f"2001:db8::{100 + vrid}/64"]


INSTANCES = [(v, f) for f in FAMILIES for v in VRIDS]


class Node:
    def __init__(self, lab, idx, impl):
        self.lab, self.idx, self.impl = lab, idx, impl
        self.name = f"r{idx}"
        self.ns = lab.prefix + self.name
        self.v4, self.v6 = f"192.0.2.{10 + idx}", f"2001:db8::{10 + idx}"
        self.mac = f"02:00:00:00:00:{idx:02x}"
        self.dir = os.path.join(lab.work, self.name)
        self.run_dir = os.path.join(self.dir, 'run')
        self.flag = os.path.join(self.dir, 'check-ok')
        self.sock = os.path.join(self.run_dir, 'vrrpd.sock')
        self.conf = os.path.join(self.dir, 'vrrpd.yaml' if impl == 'vrrpd' else 'keepalived.conf')
        self.proc = None
        self.expect_down = False   # the campaign stopped it on purpose (the supervisor leaves it down)
        self.stopped = False       # SIGSTOP in force
        self.generation = 0        # daemon processes started so far
        self.garp_repeat = 1       # the setting a valid reload toggles
        self.lock = threading.RLock()

    def prio(self, vrid):
        n = len(self.lab.nodes_spec)
        return 200 - 20 * ((self.idx - vrid) % n)

    # ---- configs ----------------------------------------------------------------------------------------------
    def write_config(self, broken=False):
        txt = self.vrrpd_yaml() if self.impl == 'vrrpd' else self.keepalived_conf()
        if broken:
            txt = txt.replace('priority: ', 'priority: high', 1) if self.impl == 'vrrpd' else \
                txt.replace('virtual_router_id', 'virtual_router_id 999 #', 1)
        tmp = self.conf + '.tmp'
        with open(tmp, 'w') as f:
            f.write(txt)
        os.replace(tmp, self.conf)

    def vrrpd_yaml(self):
        o = self.lab.opts
        lines = ["global:", f"  control_socket: {self.sock}", "  script_user: root", "  log_level: info",
                 "  metrics:", f"    listen: \"{self.v4}:{METRICS_PORT}\"", "    allow_remote: true",
                 "instances:"]
        for vrid, fam in INSTANCES:
            lines += [f"  - name: {inst_name(vrid, fam)}", "    interface: eth0", f"    vrid: {vrid}",
                      f"    priority: {self.prio(vrid)}", f"    advert_interval: {o.advert_ms}ms",
                      f"    vips: [{', '.join(vips_cfg(vrid, fam))}]", "    accept_mode: true",
                      "    garp_master_delay: 1s", f"    garp_master_repeat: {self.garp_repeat}",
                      "    checks:", "      - type: script", "        name: chk_flag",
                      f"        command: [/usr/bin/test, -e, {self.flag}]", "        allow_root: true",
                      f"        interval: {o.check_ms}ms", "        fall: 1", "        rise: 1", "        weight: 0"]
        if self.lab.sync_groups:
            lines.append("sync_groups:")
            for vrid in VRIDS:
                lines += [f"  - name: g{vrid}", f"    members: [{inst_name(vrid, 'ipv4')}, {inst_name(vrid, 'ipv6')}]"]
        return "\n".join(lines) + "\n"

    def keepalived_conf(self):
        o = self.lab.opts
        out = ["global_defs {", f"  router_id {self.name}", "  vrrp_version 3", "  script_user root",
               "  enable_script_security", "  vrrp_garp_master_delay 1",
               f"  vrrp_garp_master_repeat {self.garp_repeat}", "}",
               "vrrp_script chk_flag {", f"  script \"/usr/bin/test -e {self.flag}\"",
               f"  interval {max(1, o.check_ms // 1000)}", "  fall 1", "  rise 1", "  weight 0", "}"]
        if self.lab.sync_groups:
            for vrid in VRIDS:
                out += [f"vrrp_sync_group g{vrid} {{", "  group {", f"    {inst_name(vrid, 'ipv4')}",
                        f"    {inst_name(vrid, 'ipv6')}", "  }", "}"]
        for vrid, fam in INSTANCES:
            out += [f"vrrp_instance {inst_name(vrid, fam)} {{", "  state BACKUP", "  interface eth0",
                    f"  virtual_router_id {vrid}", "  version 3", f"  priority {self.prio(vrid)}",
                    f"  advert_int {o.advert_ms / 1000:g}", "  accept", "  track_script {", "    chk_flag", "  }",
                    "  virtual_ipaddress {"] + [f"    {v} dev eth0" for v in vips_cfg(vrid, fam)] + ["  }", "}"]
        return "\n".join(out) + "\n"

    # ---- the daemon ---------------------------------------------------------------------------------------------
    def command(self):
        if self.impl == 'vrrpd':
            # as /usr/sbin/vrrpd starts it: the four signals blocked and -Xrs, so a signalfd reads them
            return ['/usr/bin/env', '--block-signal=HUP,INT,QUIT,TERM', 'java', '-Xrs'] + self.lab.jvm_opts \
                + ['-cp', self.lab.classpath, 'org.vrrpd.daemon.Main', '--config', self.conf]
        return ['keepalived', '--dont-fork', '--log-console', '--log-detail', '--vrrp', f'--use-file={self.conf}',
                f'--pid={self.run_dir}/ka.pid', f'--vrrp_pid={self.run_dir}/ka-vrrp.pid']

    def start(self):
        with self.lock:
            self.generation += 1
            log = open(os.path.join(self.dir, f'daemon.log'), 'a')
            log.write(f"=== start {self.generation} at monotonic {time.monotonic():.3f}\n")
            log.flush()
            env = dict(os.environ)
            if self.impl == 'vrrpd' and self.lab.opts.rt_priority:
                env['VRRPD_RT_PRIORITY'] = str(self.lab.opts.rt_priority)
            self.proc = subprocess.Popen(['ip', 'netns', 'exec', self.ns] + self.command(), stdout=log, env=env,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
            log.close()
            self.expect_down, self.stopped = False, False
            self.lab.events.append((time.monotonic(), 'start', self.name, self.proc.pid))
            return self.proc.pid

    def pids(self):
        """The daemon's process tree (keepalived's VRRP child too), parent last."""
        p = self.proc
        if p is None or p.poll() is not None:
            return []
        out = []
        try:
            with open(f'/proc/{p.pid}/task/{p.pid}/children') as f:
                out = [int(x) for x in f.read().split()]
        except OSError:
            pass
        return out + [p.pid]

    def send(self, sig):
        for pid in self.pids():
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def kill(self, sig=signal.SIGKILL, wait_s=10.0):
        """Ends the daemon with sig (SIGTERM: graceful, escalated to SIGKILL after wait_s) and waits."""
        with self.lock:
            self.expect_down = True
            p = self.proc
            if p is None:
                return
            if self.stopped:
                self.send(signal.SIGCONT)
                self.stopped = False
            self.send(sig)
            try:
                p.wait(wait_s)
            except subprocess.TimeoutExpired:
                self.send(signal.SIGKILL)
                p.wait(5)
            self.lab.events.append((time.monotonic(), 'exit', self.name, p.pid, p.returncode))

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


class Lab:
    def __init__(self, opts, work, classpath, jvm_opts, sync_groups):
        self.opts, self.work, self.classpath, self.jvm_opts = opts, work, classpath, jvm_opts
        self.sync_groups = sync_groups
        self.prefix = f"ch{os.getpid()}-"
        self.lan = self.prefix + 'lan'
        self.client_ns = self.prefix + 'client'
        self.nodes_spec = opts.impls
        self.nodes = [Node(self, i + 1, impl) for i, impl in enumerate(opts.impls)]
        self.by_name = {n.name: n for n in self.nodes}
        self.namespaces = []
        self.mounts = []
        self.events = []            # (monotonic, what, ...) for the record
        self.unexpected_exits = []  # (monotonic, node, pid, rc)
        self._stop = threading.Event()

    # ---- topology -------------------------------------------------------------------------------------------
    def add_ns(self, ns):
        sh('ip', 'netns', 'add', ns)
        self.namespaces.append(ns)
        sh('ip', '-n', ns, 'link', 'set', 'lo', 'up')
        nsx(ns, 'sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0')

    def plug(self, ns, idx, mac, v4, v6):
        """Creates eth0 in ns (a veth whose peer vIDX is a port of br0) with its address."""
        h, b = f"{self.prefix}h{idx}", f"{self.prefix}b{idx}"
        sh('ip', 'link', 'add', h, 'type', 'veth', 'peer', 'name', b)
        sh('ip', 'link', 'set', h, 'netns', ns)
        sh('ip', 'link', 'set', b, 'netns', self.lan)
        sh('ip', '-n', ns, 'link', 'set', h, 'name', 'eth0')
        sh('ip', '-n', ns, 'link', 'set', 'eth0', 'address', mac)
        nsx(ns, 'sysctl', '-qw', 'net.ipv6.conf.eth0.accept_dad=0')
        sh('ip', '-n', self.lan, 'link', 'set', b, 'name', f"v{idx}")
        sh('ip', '-n', self.lan, 'link', 'set', f"v{idx}", 'master', 'br0', 'up')
        sh('ip', '-n', ns, 'addr', 'add', f"{v4}/24", 'dev', 'eth0')
        sh('ip', '-n', ns, 'addr', 'add', f"{v6}/64", 'dev', 'eth0', 'nodad')
        sh('ip', '-n', ns, 'link', 'set', 'eth0', 'up')

    def unplug(self, idx):
        sh('ip', '-n', self.lan, 'link', 'del', f"v{idx}")

    def build(self):
        self.add_ns(self.lan)
        sh('ip', '-n', self.lan, 'link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0',
           'mcast_snooping', '0')
        sh('ip', '-n', self.lan, 'link', 'set', 'br0', 'up')
        for n in self.nodes:
            self.add_ns(n.ns)
            os.makedirs(n.run_dir, exist_ok=True)
            # the daemon's /run: a small tmpfs of its own, which the run_full fault fills
            sh('mount', '-t', 'tmpfs', '-o', 'size=512k,nr_inodes=64,mode=0755', f'chaos-{n.name}', n.run_dir)
            self.mounts.append(n.run_dir)
            self.plug(n.ns, n.idx, n.mac, n.v4, n.v6)
            nsx(n.ns, 'nft', '-f', '-', input_text=LOSS_TABLE)
            open(n.flag, 'w').close()
            n.write_config()
        self.add_ns(self.client_ns)
        self.plug(self.client_ns, 99, '02:00:00:00:00:99', CLIENT_V4, CLIENT_V6)
        sh('ip', 'netns', 'exec', self.lan, 'nft', '-f', '-', input_text=PARTITION_TABLE)

    def start_servers(self):
        """A tiny TCP echo server on each router (IPv4 and IPv6, any address: the VIPs included)."""
        self.servers = []
        for n in self.nodes:
            self.servers.append(subprocess.Popen(
                ['ip', 'netns', 'exec', n.ns, 'python3', os.path.join(os.path.dirname(__file__), 'echo_server.py'),
                 str(TCP_PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))

    # ---- supervision ------------------------------------------------------------------------------------------
    def supervise(self):
        """Restarts a daemon that exited when the campaign did not stop it, 1 s later (systemd's RestartSec)."""
        while not self._stop.wait(0.2):
            for n in self.nodes:
                with n.lock:
                    if n.expect_down or n.proc is None or n.proc.poll() is None:
                        continue
                    rc = n.proc.returncode
                    self.unexpected_exits.append((time.monotonic(), n.name, n.proc.pid, rc))
                    self.events.append((time.monotonic(), 'unexpected-exit', n.name, n.proc.pid, rc))
                    n.expect_down = True
                threading.Timer(1.0, self._restart_if_down, (n,)).start()

    def _restart_if_down(self, n):
        if self._stop.is_set():
            return
        with n.lock:
            if n.proc is not None and n.proc.poll() is not None:
                n.start()

    def teardown(self):
        self._stop.set()
        for n in self.nodes:
            try:
                n.kill(signal.SIGTERM, wait_s=5)
            except Exception:
                pass
        for s in getattr(self, 'servers', []):
            s.terminate()
            try:
                s.wait(3)
            except subprocess.TimeoutExpired:
                s.kill()
        for m in self.mounts:
            sh('umount', '-l', m, check=False)
        for ns in reversed(self.namespaces):
            sh('ip', 'netns', 'del', ns, check=False)


# VRRP loss in a router's namespace: `numgen random mod 100 < P` drops P % of protocol 112 each way
LOSS_TABLE = """table inet chaos {
  chain lossin { type filter hook input priority -10; }
  chain lossout { type filter hook output priority -10; }
}
"""

# a partition between routers: frames between a port in the set `cut` and a router port outside it are dropped;
# the client's port (v99) still reaches every router, so it sees both sides (and Prometheus scrapes both)
PARTITION_TABLE = """table bridge chaos {
  set cut { type ifname; }
  chain cutfwd { type filter hook forward priority 0;
    iifname @cut oifname != @cut oifname != "v99" drop
    oifname @cut iifname != @cut iifname != "v99" drop
  }
}
"""
