"""The campaign's report: RESULTS.md (faults per kind, outages, violations, alerts, resources), resources.png
(RSS, threads and fds of every daemon over the run) and results.json; and render_docs, which copies a run's
report into docs/CHAOS.md's "Latest one-hour run" section."""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

import invariants as inv
from schedule import KINDS

BEGIN, END = '<!-- chaos-hour:begin -->', '<!-- chaos-hour:end -->'


class Result:
    def __init__(self, o, cmd, sync, lab, checker, status, procs, pinger, tcp, prom, inj, faults, complete, t0,
                 t_stop, quiet_points):
        self.__dict__.update(locals())
        del self.__dict__['self']


# A partitioned router becomes Master on its side and, since the client reaches every router, may steer the
# client to itself; if it then loses the VIPs before the heal (killed and restarted, link down, check down ...),
# no router announces them again (the real Master never changed state), and the client finds the Master only
# when its neighbour entry fails: delay_first_probe_time + ucast_solicit x retrans_time (5 s + 3 x 1 s on Linux).
ENDS_MASTERSHIP = {'kill', 'stop', 'restart', 'linkdown', 'ifdelete', 'check', 'run_full', 'reload'}


def nud_s():
    def rd(path, default):
        try:
            with open(path) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return default
    base = '/proc/sys/net/ipv4/neigh/default/'
    return rd(base + 'delay_first_probe_time', 5) + rd(base + 'ucast_solicit', 3) * rd(base + 'retrans_time_ms', 1000) / 1000


def partition_then_loss(fs):
    """A partition and a fault that ends the Mastership of a router inside it, overlapping."""
    for p in fs:
        if p.kind != 'partition':
            continue
        for f in fs:
            if f.kind in ENDS_MASTERSHIP and set(f.nodes) & set(p.nodes):
                return True
    return False


def bound_s(kind, o):
    b = o.mdi_s + o.slack_ms / 1000.0
    if kind == 'check':
        b += o.check_ms / 1000.0
    return b


def ms(x):
    return f"{x * 1000:.0f}"


def write(r):
    if r is None:
        return 2
    o, ch = r.o, r.checker
    ka_nodes = {n.name for n in r.lab.nodes if n.impl != 'vrrpd'}
    # ---- invariant 3 ----
    rows = inv.attribute_outages(r.pinger.outages, r.faults, o.mdi_s, o.slack_ms / 1000.0)
    per_fault, nud_rows = {}, []
    for vip, a, b, fs in rows:
        d = b - a
        bound = sum(bound_s(f.kind, o) for f in fs) if fs else bound_s('none', o)
        if partition_then_loss(fs):
            bound += nud_s()
            nud_rows.append((vip, a, d))
        for f in fs:
            per_fault[f.id] = max(per_fault.get(f.id, 0.0), d)
        if d > bound:
            involved = {x for f in fs for x in f.nodes}
            # a keepalived router that held the VIP just before or during the outage (it took over, or it stepped
            # down without announcing the Master, as keepalived does) makes it what keepalived did
            ka_held = inv.held_by(ch.holders, vip, a - 1.0, b) & ka_nodes
            ch.add(inv.Violation(3, b, f"client outage on {vip}: {ms(d)} ms from {a - r.t0:.2f}s, bound {ms(bound)} ms "
                                       f"(faults {', '.join(f'#{f.id} {f.kind}' for f in fs) or 'none'})"
                                       + (f"; held by {', '.join(sorted(ka_held))} (keepalived) meanwhile" if ka_held else ''),
                                 keepalived=bool(involved & ka_nodes) or bool(ka_held) or bool(ka_nodes and not fs)))
    # ---- invariant 4 ----
    grows = inv.growth(r.procs.samples, warmup=min(60.0, o.duration / 5), min_span=min(120.0, o.duration / 3))
    for text in inv.growth_violations(grows):
        node = text.split()[0]
        ch.add(inv.Violation(4, r.t_stop, text, keepalived=node in ka_nodes))
    # ---- invariant 5 ----
    hist_bad, at_skew = inv.history_violations(r.status.seen, r.status.history, r.status.read_at)
    for text in hist_bad:
        ch.add(inv.Violation(5, r.t_stop, text))
    vrrpd_bad = [v for v in ch.violations if not v.keepalived]
    ka_bad = [v for v in ch.violations if v.keepalived]

    L = []
    span = r.t_stop - r.t0
    L += [f"Seed **{o.seed}**; command `{r.cmd}`.", "",
          f"{o.nodes} routers ({', '.join(f'{n.name} {n.impl}' for n in r.lab.nodes)}), two VRIDs per family, "
          f"advert {o.advert_ms} ms, Master_Down_Interval {ms(o.mdi_s)} ms, sync groups "
          f"{'on' if r.sync else 'off'}; steady router {o.steady_node or 'none'}. "
          f"{span:.0f} s of faults: **{len(r.faults)} faults** ({len(r.faults) * 3600 / max(span, 1):.0f} per hour) in "
          f"{r.quiet_points - 1} episodes, each followed by a quiet-point check. "
          f"**{len(vrrpd_bad)} invariant violations by vrrpd routers**"
          + (f", {len(ka_bad)} by keepalived routers (what keepalived did)." if ka_nodes else "."), ""]
    L += ["| fault kind | count | outages | worst outage (ms) | median outage (ms) | bound (ms) |", "|---|---:|---:|---:|---:|---:|"]
    for k in KINDS:
        fs = [f for f in r.faults if f.kind == k]
        if not fs:
            continue
        outs = [per_fault.get(f.id, 0.0) for f in fs]
        L.append(f"| {k} | {len(fs)} | {sum(1 for x in outs if x > 0)} | {ms(max(outs))} | {ms(statistics.median(outs))} | "
                 f"{ms(bound_s(k, o))} |")
    L += ["", "Outage: the longest gap between the client's ping replies from one VIP (pings every 10 ms, gaps over 60 ms "
          "count) that overlaps the fault's time (from its start to Master_Down_Interval after the routers answered "
          "again); 0 when none did. A gap shared by overlapping faults counts for each; its bound is the sum of "
          "theirs.", ""]
    if nud_rows:
        L += [f"{len(nud_rows)} outages came from a partition whose Master on the far side lost its VIPs before the "
              f"heal: the client, steered there during the split, waited for its neighbour entry to fail "
              f"(longest {ms(max(d for _, _, d in nud_rows))} ms; their bound includes the client's {nud_s():.0f} s of "
              f"neighbour-unreachability detection). See docs/CHAOS.md, \"Findings\".", ""]
    L += ["| invariant | vrrpd routers | keepalived routers |", "|---|---:|---:|"]
    names = {1: 'one holder, the best healthy router, after MDI + 100 ms', 2: 'no VIP on a non-Master',
             3: 'outage within bound', 4: 'RSS, threads, fds do not grow', 5: 'every transition in history'}
    for i in range(1, 6):
        L.append(f"| {i}. {names[i]} | {sum(1 for v in vrrpd_bad if v.inv == i)} | "
                 f"{sum(1 for v in ka_bad if v.inv == i) if ka_nodes else '-'} |")
    for title, vs in (("Violations (vrrpd)", vrrpd_bad), ("What keepalived did", ka_bad)):
        if vs:
            L += ["", f"### {title}", ""]
            for v in vs[:40]:
                L += [f"- invariant {v.inv} at {v.t - r.t0:.2f}s: {v.text}", "  ```", v.history, "  ```"]
            if len(vs) > 40:
                L.append(f"- ... {len(vs) - 40} more in violations.txt")
    L += alerts_section(r)
    L += resources_section(r, grows)
    tcp = [(p.vip, p.reconnects, max((b - a for a, b in p.down), default=0.0)) for p in r.tcp]
    L += ["", "TCP through the VIPs (not an invariant: a connection breaks when its VIP moves): " +
          "; ".join(f"{v} {c} connections, longest without one {ms(w)} ms" for v, c, w in tcp) + ".",
          f"Pings: {r.pinger.sent} sent, {r.pinger.received} replies. Reloads: "
          f"{summarize_reloads(r.inj.reloads)}. Daemons that exited on their own (restarted 1 s later): "
          f"{len(r.lab.unexpected_exits)}" + (" — " + ', '.join(f"{n} rc {rc}" for _, n, _, rc in r.lab.unexpected_exits[:10])
                                              if r.lab.unexpected_exits else '') + "."]
    errs = [f"{w.name}: {w.last_error}" for w in (r.status, r.procs) if getattr(w, 'last_error', None)]
    if errs:
        L += ["", "Watcher errors (last of each): " + '; '.join(errs)]
    L += ["", f"History read from {len(r.status.history)} daemons, {sum(len(v) for v in r.status.history.values())} "
              f"transitions; {sum(len(v) for v in r.status.seen.values())} seen in status (`lastTransition`), "
              f"matched by instance, states and reason; their times differ from the history's by up to "
              f"{at_skew * 1e6:.0f} µs (the daemon reads the clock once for each)."]
    text = "\n".join(L) + "\n"
    with open(os.path.join(o.out, 'RESULTS.md'), 'w') as f:
        f.write(text)
    with open(os.path.join(o.out, 'violations.txt'), 'w') as f:
        for v in ch.violations:
            f.write(f"{'keepalived' if v.keepalived else 'vrrpd'} invariant {v.inv} at {v.t - r.t0:.2f}s "
                    f"(seed {o.seed}): {v.text}\n{v.history}\n")
    with open(os.path.join(o.out, 'results.json'), 'w') as f:
        json.dump({'seed': o.seed, 'faults': len(r.faults), 'violations_vrrpd': len(vrrpd_bad),
                   'violations_keepalived': len(ka_bad), 'seconds': span}, f)
    with open(os.path.join(o.out, 'transitions.json'), 'w') as f:
        json.dump({'history': {f"{k[0]}#{k[1]}": sorted(v, key=lambda x: x[3] or '') for k, v in r.status.history.items()},
                   'seen_in_status': {f"{k[0]}#{k[1]}": sorted(v.keys(), key=lambda x: x[3] or '')
                                      for k, v in r.status.seen.items()}}, f, indent=1)
    plot(r, os.path.join(o.out, 'resources.png'))
    print(text)
    print(f"chaos: seed {o.seed}: {len(r.faults)} faults, {len(vrrpd_bad)} violations by vrrpd"
          + (f", {len(ka_bad)} by keepalived" if ka_nodes else '') + f"; report {o.out}/RESULTS.md", flush=True)
    return 1 if vrrpd_bad else 0


def summarize_reloads(reloads):
    out = {}
    for _, _, what, outcome in reloads:
        key = f"{what} {outcome.split(':')[0]}"
        out[key] = out.get(key, 0) + 1
    return ', '.join(f"{k} {v}" for k, v in sorted(out.items())) or 'none'


def alerts_section(r):
    if r.prom is None:
        return ["", "No vrrpd router: Prometheus not run."]
    L = ["", "### Alerts (monitoring/prometheus/vrrpd-alerts.yml)", ""]
    eps = sorted(r.prom.episodes, key=lambda e: e[1])
    rows = []
    for (name, vrid, fam, check, node), s, e in eps:
        fs = [f for f in r.faults if f.t_start is not None and s - 60 <= f.t_start <= s]
        rows.append((name, vrid, fam, check, node, s, e, fs, condition(r, name, vrid, fam, s, fs)))
    if not eps:
        L.append("No alert fired.")
    else:
        L += ["| alert | firings | condition seen | condition **not** seen | fault kinds in the 60 s before (faults) |",
              "|---|---:|---:|---:|---|"]
        for name in sorted({x[0] for x in rows}):
            mine = [x for x in rows if x[0] == name]
            kinds = {}
            for x in mine:
                for f in x[7]:
                    kinds[f.kind] = kinds.get(f.kind, 0) + 1
            L.append(f"| {name} | {len(mine)} | {sum(1 for x in mine if not x[8].startswith('**'))} | "
                     f"{sum(1 for x in mine if x[8].startswith('**'))} | "
                     f"{', '.join(f'{k} {v}' for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))} |")
        L += ["", "Each firing (the first 60):", ""]
        L += ["| alert | labels | from (s) | for (s) | faults in the 60 s before | condition seen by the campaign |",
              "|---|---|---:|---:|---|---|"]
        for name, vrid, fam, check, node, s, e, fs, cond in rows[:60]:
            kinds = ', '.join(f"#{f.id} {f.kind}" for f in fs[-6:]) or 'none'
            L.append(f"| {name} | vrid={vrid} family={fam}" + (f" check={check}" if check else '') +
                     (f" node={node}" if node else '') + f" | {s - r.t0:.0f} | {e - s:.0f} | {kinds} | {cond} |")
        if len(eps) > 60:
            L.append(f"\n... {len(eps) - 60} more firings.")
    fired = {e[0][0] for e in eps}
    missed = missed_split_brains(r, eps)
    L += ["", "Split brains (two routers advertising as Master, by the capture) that lasted over 25 s with no "
              "VrrpdSplitBrain firing for their VRID and family: " + (', '.join(missed) or 'none') + "."]
    L += ["", "Alerts that never fired: " + (', '.join(n for n in
          ('VrrpdSplitBrain', 'VrrpdNoMaster', 'VrrpdFlapping', 'VrrpdCheckDown', 'VrrpdPeerAdvertsStopped')
          if n not in fired) or 'none') + f". Query errors: {r.prom.errors}. Prometheus restarted with an empty TSDB after "
          f"each forward clock step: {r.prom.restarts} times (it refuses samples older than an hour before its "
          f"newest)."]
    return L


def missed_split_brains(r, eps):
    out, start = [], {}
    for t, key, m in r.checker.timeline + [(r.t_stop, k, frozenset()) for k in {x[1] for x in r.checker.timeline}]:
        if len(m) > 1:
            start.setdefault(key, t)
        elif key in start:
            a = start.pop(key)
            if t - a > 25 and not any(n == 'VrrpdSplitBrain' and v == str(key[0]) and f == key[1] and s <= t and e >= a
                                      for (n, v, f, _, _), s, e in eps):
                out.append(f"vrid {key[0]} {key[1]} {a - r.t0:.0f}-{t - r.t0:.0f}s")
    return out


def condition(r, name, vrid, fam, s, fs):
    """Whether the campaign's own records show the alert's condition in the 60 s before it fired."""
    key = (int(vrid), fam) if vrid and vrid.isdigit() else None
    tl = [(t, m) for t, k, m in r.checker.timeline if k == key and s - 60 <= t <= s]
    if name == 'VrrpdSplitBrain':
        return 'yes: two Masters by their adverts' if any(len(m) > 1 for _, m in tl) else '**no**'
    if name == 'VrrpdNoMaster':
        return 'yes: no adverts' if any(len(m) == 0 for _, m in tl) else '**no**'
    if name == 'VrrpdCheckDown':
        return 'yes: check fault' if any(f.kind == 'check' for f in fs) else '**no**'
    if name in ('VrrpdPeerAdvertsStopped', 'VrrpdFlapping'):
        return 'yes: Master changed' if len(tl) > 0 else '**no**'
    return '?'


def resources_section(r, grows):
    L = ["", "### Daemon resources", "",
         "| router | daemon | sampled (s) | RSS median (MiB) | RSS trend (MiB) | threads median / trend | fds median / trend |",
         "|---|---:|---:|---:|---:|---:|---:|"]
    for node, gen, span, res in sorted(grows):
        L.append(f"| {node} | #{gen} | {span:.0f} | {res['rss_kib'][2] / 1024:.1f} | {res['rss_kib'][0] / 1024:+.1f} | "
                 f"{res['threads'][2]:.0f} / {res['threads'][0]:+.1f} | {res['fds'][2]:.0f} / {res['fds'][0]:+.1f} |")
    L += ["", "Trend: Theil-Sen slope times the sampled span, after a warm-up; a resource grows when both that and "
          "the change between the medians of the first and last third pass the limit (RSS 8 MiB or 10 %, threads 2, "
          "fds 4). Daemons that lived too briefly are left out. ![resources](resources.png)"]
    return L


def plot(r, path):
    """Writes the samples to resources.json and draws them with plot.py, under this interpreter when it has
    matplotlib, else under /usr/bin/python3 (where Debian's python3-matplotlib lives)."""
    out = os.path.dirname(path)
    with open(os.path.join(out, 'resources.json'), 'w') as f:
        json.dump({'seed': r.o.seed, 'nodes': [(n.name, n.impl) for n in r.lab.nodes],
                   'samples': [(s[0] - r.t0,) + tuple(s[1:]) for s in r.procs.samples if s[0] >= r.t0]}, f)
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'plot.py')
    for py in (sys.executable, '/usr/bin/python3'):
        if os.path.exists(py) and subprocess.run([py, script, out], capture_output=True).returncode == 0:
            return


def for_docs(out_dir, png_name):
    """out_dir's RESULTS.md for the docs: without the list of every firing (RESULTS.md keeps it), the plot
    renamed."""
    with open(os.path.join(out_dir, 'RESULTS.md')) as f:
        text = f.read()
    text = re.sub(r"Each firing \(the first 60\):\n\n(\|.*\n)+(\n\.\.\. \d+ more firings\.\n)?", '', text)
    # each violation's fault history stays in RESULTS.md and violations.txt
    text, n = re.subn(r"  ```\n(.*\n)*?  ```\n", '', text)
    text = text.replace('### ', '#### ')
    return text.replace('](resources.png)', f']({png_name})')


def render_docs(out_dir, doc):
    """Copies out_dir/RESULTS.md (and its plot, as docs/chaos-hour-resources.png) between the markers."""
    body = for_docs(out_dir, 'chaos-hour-resources.png')
    png = os.path.join(out_dir, 'resources.png')
    if os.path.exists(png):
        shutil.copyfile(png, os.path.join(os.path.dirname(doc), 'chaos-hour-resources.png'))
    with open(doc) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{doc}: markers {BEGIN} / {END} missing")
    pre, rest = text.split(BEGIN, 1)
    _, post = rest.split(END, 1)
    with open(doc, 'w') as f:
        f.write(pre + BEGIN + "\n" + body.rstrip() + "\n" + END + post)
    print(f"{doc}: latest one-hour run from {out_dir}")
