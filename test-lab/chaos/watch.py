"""Per-daemon watchers: each vrrpd's status (every 100 ms) and history (every 5 s and before each planned end of
a daemon), and every daemon's RSS, threads and fds (every 5 s)."""
import os
import time

from lab import inst_name
from observe import Looper, control


class StatusPoller(Looper):
    """state[node] = (monotonic, {instance: state}) from the last answered status; transitions seen in
    `lastTransition` are kept per daemon process, to be found in its history (invariant 5)."""

    def __init__(self, lab):
        super().__init__(0.1, 'status')
        self.lab = lab
        self.state = {}
        self.seen = {}       # (node, generation) -> {(instance, from, to, at, reason): monotonic first seen}
        self.read_at = {}    # (node, generation) -> monotonic of the last history read
        self.history = {}    # (node, generation) -> {(instance, from, to, at, reason)}
        self.history_errors = []
        self.config_errors = {}
        self.last_history = 0.0

    def tick(self):
        for n in self.lab.nodes:
            if n.impl != 'vrrpd' or not n.alive() or n.stopped:
                continue
            gen = n.generation
            try:
                st = control(n.sock, 'status', timeout=0.3)
            except (OSError, ValueError):
                continue
            states = {}
            for i in st.get('instances', []):
                states[i['name']] = i['state']
                lt = i.get('lastTransition')
                if lt:
                    self.seen.setdefault((n.name, gen), {}).setdefault(
                        (i['name'], lt.get('from'), lt.get('to'), lt.get('at'), lt.get('reason') or ''),
                        time.monotonic())
            self.state[n.name] = (time.monotonic(), states, gen)
            self.config_errors[n.name] = st.get('configError')
        if time.monotonic() - self.last_history > 5:
            self.last_history = time.monotonic()
            for n in self.lab.nodes:
                self.collect_history(n)

    def collect_history(self, n):
        if n.impl != 'vrrpd' or not n.alive() or n.stopped:
            return
        gen = n.generation
        t = time.monotonic()
        try:
            h = control(n.sock, 'history', {'last': 100000}, timeout=1.0)
        except (OSError, ValueError):
            return
        self.read_at[(n.name, gen)] = t
        got = self.history.setdefault((n.name, gen), set())
        for t in h.get('transitions', []):
            got.add((t.get('instance'), t.get('from'), t.get('to'), t.get('at'), t.get('reason') or ''))

    def node_state(self, node, vrid, fam, fresh=0.4):
        """The instance's state by the last status answered within `fresh` s, else None."""
        rec = self.state.get(node.name)
        if rec is None or time.monotonic() - rec[0] > fresh or rec[2] != node.generation:
            return None
        return rec[1].get(inst_name(vrid, fam))


class ProcSampler(Looper):
    """samples: (monotonic, node, generation, rss_kib, threads, fds) of each running daemon's process tree."""

    def __init__(self, lab, period=5.0):
        super().__init__(period, 'proc')
        self.lab = lab
        self.samples = []

    def tick(self):
        for n in self.lab.nodes:
            if not n.alive():
                continue
            rss = thr = fds = 0
            for pid in n.pids():
                try:
                    with open(f'/proc/{pid}/status') as f:
                        for line in f:
                            if line.startswith('VmRSS:'):
                                rss += int(line.split()[1])
                            elif line.startswith('Threads:'):
                                thr += int(line.split()[1])
                    fds += len(os.listdir(f'/proc/{pid}/fd'))
                except OSError:
                    pass
            if rss:
                self.samples.append((time.monotonic(), n.name, n.generation, rss, thr, fds))
