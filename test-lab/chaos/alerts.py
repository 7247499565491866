"""Prometheus in the client namespace: scrapes every vrrpd router each second with the alert rules
(monitoring/prometheus/vrrpd-alerts.yml), and the campaign
reads /api/v1/alerts every 2 s to match each firing to the faults and conditions of the run."""
import http.client
import json
import os
import socket
import subprocess
import threading
import time

from lab import CLIENT_V4, METRICS_PORT
from nsutil import ns_socket

NAMES = ('VrrpdSplitBrain', 'VrrpdNoMaster', 'VrrpdFlapping', 'VrrpdCheckDown', 'VrrpdPeerAdvertsStopped')
PORT = 9090


class _NsConn(http.client.HTTPConnection):
    def __init__(self, ns, host, port):
        super().__init__(host, port, timeout=3)
        self._ns = ns

    def connect(self):
        self.sock = ns_socket(self._ns, socket.AF_INET, socket.SOCK_STREAM)
        self.sock.settimeout(3)
        self.sock.connect((self.host, self.port))


class Prometheus(threading.Thread):
    def __init__(self, lab, rules, out):
        super().__init__(daemon=True, name='prometheus')
        self.lab, self.rules, self.out = lab, rules, out
        self.proc = None
        self.firing = {}      # (alertname, vrid, family, check, node) -> [start, last seen]
        self.episodes = []    # closed: (name, labels dict, start, end)
        self.errors = 0
        self.restarts = 0
        self.lock = threading.Lock()
        self.stop_ev = threading.Event()

    def start_server(self):
        targets = [f'"{n.v4}:{METRICS_PORT}"' for n in self.lab.nodes if n.impl == 'vrrpd']
        cfg = os.path.join(self.out, 'prometheus.yml')
        with open(cfg, 'w') as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n  scrape_timeout: 900ms\n"
                    # the clock-step fault moves the wall clock by an hour and back: accept samples that arrive
                    # older than the newest one
                    "storage:\n  tsdb:\n    out_of_order_time_window: 3h\n"
                    f"rule_files:\n  - {self.rules}\n"
                    f"scrape_configs:\n  - job_name: vrrpd\n    static_configs:\n      - targets: [{', '.join(targets)}]\n")
        data = os.path.join(self.out, f'prometheus-data-{self.restarts}')
        log = open(os.path.join(self.out, 'prometheus.log'), 'a')
        self.proc = subprocess.Popen(['ip', 'netns', 'exec', self.lab.client_ns, 'prometheus',
                                      f'--config.file={cfg}', f'--storage.tsdb.path={data}',
                                      f'--web.listen-address={CLIENT_V4}:{PORT}', '--log.level=warn'],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def restart(self):
        """A fresh Prometheus (empty TSDB) after a forward step of the wall clock: its head then holds samples an
        hour ahead, and it refuses every sample older than an hour before the newest ("out of bounds") until the
        clock catches up. Firing alerts end here; their `for:` starts again."""
        with self.lock:
            self._close_all(time.monotonic())
            if self.proc is not None:
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            self.restarts += 1
            self.start_server()

    def _close_all(self, now):
        for key, (s, e) in self.firing.items():
            self.episodes.append((key, s, now))
        self.firing = {}

    def query(self, path):
        c = _NsConn(self.lab.client_ns, CLIENT_V4, PORT)
        try:
            c.request('GET', path)
            r = c.getresponse()
            return json.loads(r.read())
        finally:
            c.close()

    def run(self):
        while not self.stop_ev.wait(2.0):
            try:
                doc = self.query('/api/v1/alerts')
            except (OSError, ValueError, http.client.HTTPException):
                self.errors += 1
                continue
            now = time.monotonic()
            live = set()
            self.lock.acquire()
            for a in doc.get('data', {}).get('alerts', []):
                if a.get('state') != 'firing':
                    continue
                lb = a.get('labels', {})
                node = lb.get('instance', '').split(':')[0]
                key = (lb.get('alertname'), lb.get('vrid'), lb.get('family'), lb.get('check'), node)
                live.add(key)
                if key not in self.firing:
                    self.firing[key] = [now, now]
                self.firing[key][1] = now
            for key in [k for k in self.firing if k not in live]:
                s, e = self.firing.pop(key)
                self.episodes.append((key, s, e))
            self.lock.release()

    def finish(self):
        self.stop_ev.set()
        with self.lock:
            self._close_all(time.monotonic())
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
