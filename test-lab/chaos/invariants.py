"""The five invariants. (2) and the Master timeline are checked online (on every address poll); (1) at each
quiet point; (3), (4) and (5) at the end from what the watchers recorded. A violation keeps the seed and the
faults that led to it; one that involves a keepalived router is filed as what keepalived did, not a failure."""
import statistics
import time

from lab import INSTANCES, inst_name, vips_cfg
from observe import VIP_OWNER, _norm


class Violation:
    def __init__(self, inv, t, text, keepalived=False):
        self.inv, self.t, self.text, self.keepalived = inv, t, text, keepalived
        self.history = ''


class Checker:
    def __init__(self, lab, opts, status, capture, t0):
        self.lab, self.opts, self.status, self.capture, self.t0 = lab, opts, status, capture, t0
        self.mdi = opts.mdi_s
        self.grace = opts.grace_ms / 1000.0
        self.violations = []
        self.nonmaster_since = {}   # (node, vip) -> monotonic
        self.reported = set()
        self.timeline = []          # (t, (vrid, fam), frozenset of Masters by their adverts)
        self._last_masters = {}
        self.holders = []           # (t, vip, frozenset of routers holding it), on every change
        self._last_holders = {}
        self.faults_log = None      # callable(t) -> text of the faults before t

    def add(self, v):
        v.history = self.faults_log(v.t) if self.faults_log else ''
        self.violations.append(v)
        tag = "keepalived" if v.keepalived else "VIOLATION"
        print(f"[{v.t - self.t0:8.2f}s] {tag} invariant {v.inv} (seed {self.opts.seed}): {v.text}\n"
              f"  faults before it:\n{v.history}", flush=True)

    # ---- invariant 2, online ----------------------------------------------------------------------------------
    def on_addresses(self, now, held):
        for vip in VIP_OWNER:
            h = frozenset(n for n, s in held.items() if vip in s)
            if self._last_holders.get(vip) != h:
                self._last_holders[vip] = h
                self.holders.append((now, vip, h))
        masters = self.capture.masters(self.mdi + self.grace)
        for key in [(v, f) for v, f in INSTANCES]:
            m = frozenset(masters.get(key, set()))
            if self._last_masters.get(key) != m:
                self._last_masters[key] = m
                self.timeline.append((now, key, m))
        for n in self.lab.nodes:
            if not n.alive() or n.stopped:
                for k in [k for k in self.nonmaster_since if k[0] == n.name]:
                    del self.nonmaster_since[k]
                continue
            for vip in held.get(n.name, ()):
                vrid, fam = VIP_OWNER[vip]
                if n.impl == 'vrrpd':
                    st = self.status.node_state(n, vrid, fam)
                    entitled = st is None or st == 'MASTER'   # unknown (no fresh answer): not judged
                else:
                    entitled = n.idx in masters.get((vrid, fam), set())
                key = (n.name, vip)
                if entitled:
                    self.nonmaster_since.pop(key, None)
                    self.reported.discard(key)
                    continue
                since = self.nonmaster_since.setdefault(key, now)
                if now - since > self.grace and key not in self.reported:
                    self.reported.add(key)
                    what = (f"state {self.status.node_state(n, vrid, fam)}" if n.impl == 'vrrpd'
                            else "sends no adverts")
                    self.add(Violation(2, now, f"{n.name} ({n.impl}, daemon #{n.generation}) holds {vip} of "
                                               f"{inst_name(vrid, fam)} for {now - since:.2f}s while not Master "
                                               f"({what})", keepalived=n.impl != 'vrrpd'))
            for key in [k for k in self.nonmaster_since if k[0] == n.name and k[1] not in held.get(n.name, ())]:
                del self.nonmaster_since[key]
                self.reported.discard(key)

    # ---- invariant 1, at a quiet point ------------------------------------------------------------------------
    def quiet_point(self, now, held, unready):
        """Every VIP on exactly one router: the highest-priority healthy one. Returns the number of mismatches."""
        healthy = [n for n in self.lab.nodes if n.alive() and not n.stopped and n.name not in unready]
        bad = 0
        for vrid, fam in INSTANCES:
            if not healthy:
                break
            best = max(healthy, key=lambda n: n.prio(vrid))
            for cidr in vips_cfg(vrid, fam):
                vip = _norm_cidr(cidr)
                holders = sorted(n for n, s in held.items() if vip in s)
                if holders != [best.name]:
                    bad += 1
                    ka = any(self.lab.by_name[x].impl != 'vrrpd' for x in holders + [best.name])
                    self.add(Violation(1, now, f"{vip} ({inst_name(vrid, fam)}) held by {holders or 'nobody'}; "
                                               f"expected {best.name} (priority {best.prio(vrid)})", keepalived=ka))
        return bad


def _norm_cidr(cidr):
    return _norm(cidr.split('/')[0])


def held_by(holders, vip, a, b):
    """The routers that held vip at some time in [a, b], by the recorded changes."""
    out, cur = set(), frozenset()
    for t, v, h in holders:
        if v != vip:
            continue
        if t > b:
            break
        if t >= a:
            out |= h
        cur = h
    return out | set(cur)


# ---- invariant 3: outages per fault kind ----------------------------------------------------------------------
def attribute_outages(outages, faults, mdi, slack):
    """outages: {vip: [(start, end)]}. Returns rows (vip, start, end, [faults]) with the faults whose active time
    (start .. end of recovery + Master_Down_Interval) overlaps the outage."""
    rows = []
    for vip, lst in outages.items():
        for a, b in lst:
            fs = [f for f in faults if f.t_start is not None and f.t_start <= b
                  and (f.t_end or b) + mdi + slack >= a]
            rows.append((vip, a, b, fs))
    return rows


# ---- invariant 4: resources do not grow -----------------------------------------------------------------------
def theil_sen(xs, ys):
    slopes = [(ys[j] - ys[i]) / (xs[j] - xs[i]) for i in range(len(xs)) for j in range(i + 1, len(xs))
              if xs[j] != xs[i]]
    return statistics.median(slopes) if slopes else 0.0


def growth(samples, warmup=60.0, min_span=120.0, min_n=12):
    """samples: [(t, node, gen, rss, thr, fds)]. Per daemon process (sampled past warm-up over min_span s):
    the Theil-Sen growth over its life and the change of medians between its first and last third."""
    per = {}
    for s in samples:
        per.setdefault((s[1], s[2]), []).append(s)
    out = []
    for (node, gen), ss in per.items():
        t_first = ss[0][0]
        ss = [s for s in ss if s[0] - t_first >= warmup]
        if len(ss) < min_n or ss[-1][0] - ss[0][0] < min_span:
            continue
        if len(ss) > 200:   # Theil-Sen is quadratic: thin evenly
            step = len(ss) / 200.0
            ss = [ss[int(i * step)] for i in range(200)]
        xs = [s[0] for s in ss]
        span = xs[-1] - xs[0]
        third = max(1, len(ss) // 3)
        res = {}
        for col, name in ((3, 'rss_kib'), (4, 'threads'), (5, 'fds')):
            ys = [s[col] for s in ss]
            res[name] = (theil_sen(xs, ys) * span, statistics.median(ys[-third:]) - statistics.median(ys[:third]),
                         statistics.median(ys))
        out.append((node, gen, span, res))
    return out


LIMITS = {'rss_kib': lambda med: max(8192, 0.10 * med), 'threads': lambda med: 2, 'fds': lambda med: 4}


def growth_violations(rows):
    """A resource grows when both the trend over the life and the change of medians pass its limit."""
    bad = []
    for node, gen, span, res in rows:
        for name, (trend, step, med) in res.items():
            lim = LIMITS[name](med)
            if trend > lim and step > lim:
                bad.append(f"{node} daemon #{gen}: {name} grew {trend:.0f} over {span:.0f}s (medians {step:+.0f}; "
                           f"limit {lim:.0f})")
    return bad


# ---- invariant 5: every transition in the history, with a reason ----------------------------------------------
def _at(text):
    """ISO-8601 UTC text with up to nanoseconds -> seconds (float) since the epoch."""
    from datetime import datetime, timezone
    main, _, frac = text.rstrip('Z').partition('.')
    t = datetime.strptime(main, '%Y-%m-%dT%H:%M:%S').replace(tzinfo=timezone.utc).timestamp()
    return t + (float('0.' + frac) if frac else 0.0)


def history_violations(seen, history, read_at, tolerance=1.0):
    """history: {(node, gen): {(instance, from, to, at, reason)}}; seen: the same keys -> {transition: when first
    seen in status}; read_at: (node, gen) -> when its history was last read. A transition first seen before that
    read must be in the history (one seen later, e.g. during a daemon's shutdown, cannot be checked). A transition seen in status
    matches a history entry with the same instance, states and reason whose time is within `tolerance` s (the
    daemon reads the clock separately for the two). Returns (texts, largest time difference matched)."""
    bad, worst = [], 0.0
    for key, trs in history.items():
        for t in trs:
            if not t[4]:
                bad.append(f"{key[0]} daemon #{key[1]}: {t[0]} {t[1]}->{t[2]} at {t[3]} has no reason")
    for key, trs in seen.items():
        if key not in read_at:
            continue
        trs = {t for t, first in trs.items() if first < read_at[key]}
        hist = {}
        for h in history.get(key, ()):
            hist.setdefault(h[:3] + (h[4],), []).append(_at(h[3]))
        for t in sorted(trs, key=lambda x: x[3] or ''):
            cands = hist.get(t[:3] + (t[4],), [])
            d = min((abs(c - _at(t[3])) for c in cands), default=None)
            if d is None or d > tolerance:
                bad.append(f"{key[0]} daemon #{key[1]}: {t[0]} {t[1]}->{t[2]} at {t[3]} (reason {t[4]!r}) seen in "
                           f"status but not in history")
            else:
                worst = max(worst, d)
    return bad, worst
