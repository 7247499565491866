#!/usr/bin/python3
"""The mail lab as test-lab/mail/bench-failover drives it: both daemons on both nodes, the VIP events on mail02,
CPU of process trees, wall-clock steps. Imported by benchfailover.py."""
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
TICK = os.sysconf('SC_CLK_TCK')
KA_VIP, VD_VIP = '192.0.2.10', '192.0.2.30'
KINDS = ['postfix-killed', 'postfix-hung', 'imap-backend-gone', 'webmail-502', 'store-hung', 'store-slow-3s',
         'dovecot-killed']
SETTINGS = {
    'a': dict(label='interval 2 s, timeout 3 s, fall 2, rise 2', interval=2, timeout=3, fall=2, rise=2,
              pid_file=False),
    'b': dict(label='interval 1 s, timeout 1 s, fall 2, rise 2, fast retries', interval=1, timeout=1, fall=2,
              rise=2, pid_file=None),  # None: pid_file when the build supports it
}


def log(msg):
    print(time.strftime('%H:%M:%S', time.gmtime()) + ' [bench] ' + msg, file=sys.stderr, flush=True)


def sh(cmd, timeout=60, check=True):
    r = subprocess.run(['bash', '-c', cmd], capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f'{cmd!r} failed ({r.returncode}): {r.stderr.strip()[-400:]}')
    return r.stdout


def load_env(path):
    env = {}
    with open(path) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if '=' in line:
                k, v = line.split('=', 1)
                env[k] = v
    return env


def pid_start(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            st = f.read()
    except OSError:
        return None
    return st[st.rindex(')') + 2:].split()[19]

class Lab:
    def __init__(self, env, cp, jvm):
        self.e, self.cp, self.jvm = env, cp, jvm
        self.dir = env['LAB_DIR'] + '/bench'
        os.makedirs(self.dir, mode=0o700, exist_ok=True)
        self.procs = {}  # (node, daemon) -> Popen
        self.secret = self.dir + '/imap-probe.secret'
        fd = os.open(self.secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, (env['LAB_PROBE_PASS'] + '\n').encode())
        os.close(fd)

    def ns(self, node):
        return self.e['LAB_NS_' + node.upper()]

    def node_dir(self, node):
        return self.e['LAB_DIR'] + '/' + node

    def record(self, node, name, pid):
        with open(self.e['LAB_PIDS_FILE'], 'a') as f:
            f.write(f'{node} {name} {pid} {pid_start(pid)}\n')

    # ---- per-node Dovecot users file, so that mail01's password backend can go away alone -------------------
    def own_users_files(self):
        for node in ('mail01', 'mail02'):
            conf = self.e['LAB_' + node.upper() + '_DOVECOT_CONF']
            own = self.node_dir(node) + '/dovecot/users'
            text = open(conf).read()
            shared = re.search(r'username_format=%u (\S+)', text).group(1)
            if shared != own:
                sh(f'cp -p {shared} {own}')
                open(conf, 'w').write(text.replace(' ' + shared, ' ' + own))
                sh(f'kill -HUP {self.dovecot_pid(node)}')
        time.sleep(1)  # dovecot re-reads its configuration after HUP; the checks' rise below proves it

    def dovecot_pid(self, node):
        conf = self.e['LAB_' + node.upper() + '_DOVECOT_CONF']
        out = sh(f"pgrep -f '^(/usr/sbin/)?dovecot -F -c {conf}$'", check=False).split()
        return int(out[0]) if out else None

    def postfix_pid(self, node):
        try:
            return int(open(self.node_dir(node) + '/postfix/spool/pid/master.pid').read().strip())
        except (OSError, ValueError):
            return None

    # ---- configurations ----------------------------------------------------------------------------------
    def keepalived_conf(self, node, s):
        H = node.upper()
        ip = self.e[f'LAB_{H}_IP4']
        kc = HERE + '/ka-check'
        checks = {
            'chk_smtp': f'{kc} smtp {ip}',
            'chk_imap': f'{kc} imap {ip} {self.e["LAB_PROBE_USER"]} {self.secret} {self.e["LAB_CA"]}',
            'chk_http': f'{kc} http https://{ip}/ {self.e["LAB_CA"]}',
            'chk_store': f'{kc} store {self.e[f"LAB_{H}_VMAIL"]} {self.dir}/{node}-ka',
            'chk_proc': f'{kc} proc {self.node_dir(node)}/postfix/spool/pid/master.pid '
                        f'{self.e[f"LAB_{H}_DOVECOT_CONF"]}',
        }
        out = ['global_defs {', f'  router_id {self.e["LAB_PREFIX"]}{node}', '  vrrp_version 3',
               '  vrrp_garp_master_delay 1', '  vrrp_garp_master_repeat 1', '  script_user root',
               '  enable_script_security', '}']
        for name, cmd in checks.items():
            out += [f'vrrp_script {name} {{', f'  script "{cmd}"', f'  interval {s["interval"]}',
                    f'  timeout {s["timeout"]}', f'  fall {s["fall"]}', f'  rise {s["rise"]}', '  weight 0', '}']
        out += ['vrrp_instance mail {', '  state BACKUP', '  interface eth0', '  virtual_router_id 51',
                f'  priority {150 if node == "mail01" else 100}', '  advert_int 1',
                f'  virtual_ipaddress {{\n    {KA_VIP}/24 dev eth0\n  }}', '  track_script {']
        out += [f'    {n}' for n in checks] + ['  }', '}']
        return '\n'.join(out) + '\n'

    def vrrpd_conf(self, node, s, pid_file):
        H = node.upper()
        ip = self.e[f'LAB_{H}_IP4']
        common = f'interval: {s["interval"]}s, timeout: {s["timeout"]}s, fall: {s["fall"]}, rise: {s["rise"]}, weight: 0'
        pf = self.node_dir(node) + '/postfix/spool/pid/master.pid'
        dpf = self.node_dir(node) + '/dovecot/run/master.pid'
        pf_smtp = f', pid_file: {pf}' if pid_file else ''
        pf_imap = f', pid_file: {dpf}' if pid_file else ''
        checks = [
            f'{{name: smtp, type: smtp, host: {ip}, port: 25, {common}{pf_smtp}}}',
            f'{{name: imap, type: imap, host: {ip}, port: 993, tls: implicit, user: {self.e["LAB_PROBE_USER"]}, '
            f'password_file: {self.secret}, ca_file: {self.e["LAB_CA"]}, {common}{pf_imap}}}',
            f'{{name: http, type: http, url: "https://{ip}/", expect_status: [200], expect_body: rcmloginuser, '
            f'ca_file: {self.e["LAB_CA"]}, {common}}}',
            f'{{name: store, type: nfs, directory: {self.e[f"LAB_{H}_VMAIL"]}, max_latency: 1500ms, '
            f'fs_types: [{self.e["LAB_STORE_FSTYPE"]}], {common}}}',
            f'{{name: process, type: process, process: "dovecot -F -c {self.e[f"LAB_{H}_DOVECOT_CONF"]}", '
            f'{common}{pf_imap}}}',
        ]
        return (f'global:\n  control_socket: {self.dir}/{node}-vrrpd.sock\n  log_level: info\ninstances:\n'
                f'  - name: mail\n    interface: eth0\n    vrid: 52\n    version: 3\n'
                f'    priority: {150 if node == "mail01" else 100}\n    advert_interval: 1s\n'
                f'    vips: [{VD_VIP}/24]\n    preempt: true\n    accept_mode: true\n'
                f'    garp_master_delay: 1s\n    garp_master_repeat: 1\n    checks:\n'
                + ''.join(f'      - {c}\n' for c in checks))

    # ---- daemons -----------------------------------------------------------------------------------------
    def start(self, s, pid_file):
        logd = self.e['LAB_LOG_DIR']
        for node in ('mail01', 'mail02'):
            kconf = f'{self.dir}/{node}-keepalived.conf'
            open(kconf, 'w').write(self.keepalived_conf(node, s))
            vconf = f'{self.dir}/{node}-vrrpd.yaml'
            open(vconf, 'w').write(self.vrrpd_conf(node, s, pid_file))
            klog = open(f'{logd}/{node}-bench-keepalived.log', 'a')
            p = subprocess.Popen(['ip', 'netns', 'exec', self.ns(node), 'keepalived', '--dont-fork', '--log-console',
                                  '--log-detail', '--vrrp', f'--use-file={kconf}', f'--pid={self.dir}/{node}-ka.pid',
                                  f'--vrrp_pid={self.dir}/{node}-ka-vrrp.pid'],
                                 stdin=subprocess.DEVNULL, stdout=klog, stderr=subprocess.STDOUT,
                                 start_new_session=True)
            self.procs[(node, 'keepalived')] = p
            self.record(node, 'bench-keepalived', p.pid)
            vlog = open(f'{logd}/{node}-bench-vrrpd.log', 'a')
            # as /usr/sbin/vrrpd starts it: the four signals blocked and -Xrs, so a signalfd reads them
            p = subprocess.Popen(['ip', 'netns', 'exec', self.ns(node), '/usr/bin/env',
                                  '--block-signal=HUP,INT,QUIT,TERM', 'java', '-Xrs'] + self.jvm.split()
                                 + ['-cp', self.cp, 'org.vrrpd.daemon.Main', '--config', vconf],
                                 stdin=subprocess.DEVNULL, stdout=vlog, stderr=subprocess.STDOUT,
                                 start_new_session=True)
            self.procs[(node, 'vrrpd')] = p
            self.record(node, 'bench-vrrpd', p.pid)

    def stop(self):
        for p in self.procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)
        self.procs.clear()

    def alive(self):
        return all(p.poll() is None for p in self.procs.values())

    def has(self, node, addr):
        out = sh(f'ip -n {self.ns(node)} -o -4 addr show dev eth0')
        return f' {addr}/' in out

    def reload_dovecot(self):
        """A wall-clock step leaves Dovecot's auth requests hanging ("auth: Error: ... Request timed out after
        81 secs") until Dovecot is reloaded; every IMAP login, the checks' too, fails meanwhile."""
        for node in ('mail01', 'mail02'):
            pid = self.dovecot_pid(node)
            if pid:
                os.kill(pid, signal.SIGHUP)

    def settle(self, limit=300):
        """Both VIPs home and still home 3 s later (every check of both daemons up)."""
        end = time.monotonic() + limit
        reload_at = time.monotonic() + 60
        while time.monotonic() < end:
            if time.monotonic() > reload_at:
                log('the VIPs are not home after 60 s: reloading Dovecot (its auth hangs after a wall-clock step)')
                self.reload_dovecot()
                reload_at = end
            if self.wait_home(min(5.0, end - time.monotonic())):
                time.sleep(3)
                if self.wait_home(0.1):
                    return True
        return False

    def wait_home(self, limit):
        """Both VIPs on mail01 and neither on mail02."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if (self.has('mail01', KA_VIP) and self.has('mail01', VD_VIP) and not self.has('mail02', KA_VIP)
                    and not self.has('mail02', VD_VIP)):
                return True
            time.sleep(0.1)
        return False

    # ---- CPU ---------------------------------------------------------------------------------------------
    @staticmethod
    def tree_ticks(root):
        kids, ticks = {}, {}
        for d in os.listdir('/proc'):
            if not d.isdigit():
                continue
            try:
                with open(f'/proc/{d}/stat') as f:
                    st = f.read()
            except OSError:
                continue
            f = st[st.rindex(')') + 2:].split()
            kids.setdefault(int(f[1]), []).append(int(d))
            ticks[int(d)] = sum(int(x) for x in f[11:15])  # utime stime cutime cstime
        total, todo = 0, [root]
        while todo:
            p = todo.pop()
            total += ticks.get(p, 0)
            todo.extend(kids.get(p, []))
        return total

    def cpu(self, seconds):
        keys = list(self.procs)
        before = {k: self.tree_ticks(self.procs[k].pid) for k in keys}
        load0 = os.getloadavg()
        t0 = time.monotonic()
        time.sleep(seconds)
        dt = time.monotonic() - t0
        after = {k: self.tree_ticks(self.procs[k].pid) for k in keys}
        return {k: (after[k] - before[k]) * 1000.0 / TICK * 60.0 / dt for k in keys}, load0


class Monitor:
    """`ip -ts monitor address` in a node's namespace: the first time each VIP appears (deleted=True: goes away)
    after arm().

    ip stamps events with the wall clock, which other tests on this machine may step (an hour back or forward);
    each event is kept as (wall stamp, wall and monotonic time of reading it), and a latency is taken from the
    stamp only when it agrees with the reading time (within 1 s), else from the monotonic reading time."""

    def __init__(self, ns, deleted=False):
        self.deleted = deleted
        self.p = subprocess.Popen(['ip', '-ts', '-n', ns, 'monitor', 'address'], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.lock = threading.Lock()
        self.seen = {}
        self.adds = {KA_VIP: 0, VD_VIP: 0}
        self.armed = 0.0
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        stamp = None
        for line in self.p.stdout:
            m = re.match(r'\[([0-9T:.-]+)\](.*)', line)
            if m:
                stamp = datetime.fromisoformat(m.group(1)).timestamp()
                line = m.group(2)
            if line.startswith('Deleted') != self.deleted or stamp is None:
                continue
            for vip in (KA_VIP, VD_VIP):
                if f' inet {vip}/' in line:
                    now, mono = time.time(), time.monotonic()
                    with self.lock:
                        self.adds[vip] += 1
                        if mono >= self.armed and vip not in self.seen:
                            self.seen[vip] = (stamp, now, mono)

    def arm(self):
        with self.lock:
            self.seen, self.armed = {}, time.monotonic()

    def wait(self, limit):
        end = time.monotonic() + limit
        while time.monotonic() < end:
            with self.lock:
                if len(self.seen) == 2:
                    break
            time.sleep(0.01)
        with self.lock:
            return dict(self.seen)

    @staticmethod
    def latency(event, t0):
        """event (stamp, wall read, monotonic read); t0 (wall, monotonic) of the injection."""
        if event is None:
            return None
        stamp, wall, mono = event
        by_mono = mono - t0[1]
        by_stamp = stamp - t0[0]
        return by_stamp if abs(by_stamp - by_mono) < 1.0 and abs(wall - t0[0] - by_mono) < 1.0 else by_mono

    def close(self):
        self.p.terminate()
        self.p.wait(5)


def offset():
    return time.time() - time.monotonic()


class ClockWatch:
    """Counts wall-clock steps (the offset to the monotonic clock moving by 0.2 s or more), sampled every 20 ms:
    another test on the machine may step the clock an hour back and forward again within a second, which makes
    the lab's TLS certificates not yet valid and fails the TLS checks of both daemons meanwhile."""

    def __init__(self):
        self.steps = 0
        threading.Thread(target=self.watch, daemon=True).start()

    def watch(self):
        last = offset()
        while True:
            time.sleep(0.02)
            o = offset()
            if abs(o - last) >= 0.2:
                self.steps += 1
            last = o


CLOCK = ClockWatch()

