"""The fault schedule: a pure function of the seed and the options (nodes, mix, enabled kinds). The run draws
episodes from it in order until its duration is spent; each episode is one to three faults that start within
1.5 s of each other and overlap, and the run waits until every one has ended and the daemons answer again,
then Master_Down_Interval + 100 ms, and checks the segment (invariant 1) before the next episode."""
import random

# kind -> (weight, min hold s, max hold s, node fault?, "process" fault?)
KINDS = {
    'kill':          (10, 0.3, 3.0, True, True),    # SIGKILL, started again after the hold
    'stop':          (8, 0.2, 3.0, True, True),     # SIGSTOP, SIGCONT after the hold
    'restart':       (8, 0.0, 0.0, True, True),     # SIGTERM, started again at once
    'linkdown':      (8, 0.3, 3.0, True, False),    # eth0 down, up after the hold
    'ifdelete':      (5, 0.5, 3.0, True, False),    # eth0 (the veth pair) deleted, created again
    'partition':     (8, 0.5, 4.0, True, False),    # routers in the cut set hear no other router
    'loss':          (8, 1.0, 5.0, True, False),    # 0..50 % of VRRP dropped each way on a router
    'check':         (10, 0.5, 3.0, True, False),   # the script check's flag file removed
    'reload':        (6, 0.0, 0.0, True, False),    # a valid changed config, reloaded
    'reload_broken': (5, 0.0, 0.0, True, False),    # a broken config, reloaded (refused), then restored
    'clock':         (4, 0.5, 3.0, False, False),   # CLOCK_REALTIME stepped +-1 h, stepped back after the hold
    'stress':        (4, 2.0, 6.0, False, False),   # stress-ng CPU and memory pressure
    'run_full':      (5, 1.0, 5.0, True, False),    # the daemon's /run tmpfs filled
}
DEFAULT_KINDS = [k for k in KINDS if k != 'clock']
# disruptive node faults: at most max(1, nodes - 2) routers are disrupted at once, so a healthy one remains
DISRUPTIVE = {'kill', 'stop', 'restart', 'linkdown', 'ifdelete', 'partition', 'check'}
LONG_KINDS = ('partition', 'check', 'loss')   # held ~25 s now and then, so the alerts' `for:` can elapse
LONG_P = 0.05


class Fault:
    def __init__(self, kind, offset, hold, nodes, param=None):
        self.kind, self.offset, self.hold, self.nodes, self.param = kind, offset, hold, nodes, param
        # filled in by the runner
        self.t_start = self.t_revert = self.t_end = None
        self.id = None
        self.note = ''

    def describe(self):
        p = f" {self.param}" if self.param is not None else ''
        where = ','.join(self.nodes) if self.nodes else 'host'
        return f"{self.kind}{p} on {where} hold {self.hold:.2f}s"


def parse_kinds(spec):
    """'+clock', '-stress', 'kill,stop' (only these), '' (defaults)."""
    kinds = list(DEFAULT_KINDS)
    if not spec:
        return kinds
    parts = [p.strip() for p in spec.split(',') if p.strip()]
    if all(p[0] not in '+-' for p in parts):
        kinds = []
    for p in parts:
        name = p.lstrip('+-')
        if name not in KINDS:
            raise ValueError(f"unknown fault kind {name!r}; known: {', '.join(KINDS)}")
        if p.startswith('-'):
            kinds = [k for k in kinds if k != name]
        elif name not in kinds:
            kinds.append(name)
    return [k for k in KINDS if k in kinds]


def episodes(seed, node_names, kinds, steady):
    """Yields episodes (lists of Fault) forever, the same ones for the same arguments."""
    rnd = random.Random(f"vrrpd-chaos/{seed}/{','.join(node_names)}/{','.join(kinds)}/{steady}")
    n = len(node_names)
    max_disrupted = max(1, n - 2)
    weights = [KINDS[k][0] for k in kinds]
    while True:
        count = rnd.choices((1, 2, 3), (45, 35, 20))[0]
        faults, disrupted, used = [], set(), set()
        for _ in range(count * 4):
            if len(faults) == count:
                break
            kind = rnd.choices(kinds, weights)[0]
            w, lo, hi, node_fault, process = KINDS[kind]
            hold = round(rnd.uniform(lo, hi), 2)
            if kind in LONG_KINDS and rnd.random() < LONG_P:
                hold = round(rnd.uniform(22.0, 26.0), 2)
            offset = round(rnd.uniform(0.0, 1.5), 2) if faults else 0.0
            param, nodes = None, []
            if not node_fault:
                if kind in used:
                    continue
                used.add(kind)
                if kind == 'clock':
                    param = rnd.choice((-3600, 3600))
            else:
                pool = [x for x in node_names if not (process and x == steady)]
                if kind == 'partition':
                    if 'partition' in used:
                        continue
                    size = rnd.randint(1, max(1, n - 2))
                    nodes = sorted(rnd.sample(node_names, size))
                else:
                    nodes = [rnd.choice(pool)]
                slot = 'proc' if process else ('link' if kind in ('linkdown', 'ifdelete') else kind)
                if any((slot, x) in used for x in nodes):
                    continue
                if kind in DISRUPTIVE and len(disrupted | set(nodes)) > max_disrupted:
                    continue
                for x in nodes:
                    used.add((slot, x))
                if kind == 'partition':
                    used.add('partition')
                if kind in DISRUPTIVE:
                    disrupted |= set(nodes)
                if kind == 'loss':
                    param = rnd.randint(0, 50)
            faults.append(Fault(kind, offset, hold, nodes, param))
        pause = round(rnd.uniform(0.0, 1.0), 2)
        yield faults, pause
