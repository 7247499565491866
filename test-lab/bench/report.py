#!/usr/bin/env python3
"""Renders the benchmark's TSVs in OUT as Markdown tables (stdout): failover, jitter, soak, start-up, JVM, floor."""
import os
import statistics
import sys

OUT = sys.argv[1]


def rows(name):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        return []
    return [l.rstrip('\n').split('\t') for l in open(path) if l.strip()]


def num(x):
    try:
        return float(x)
    except ValueError:
        return None


def mmm(vals):
    v = [x for x in vals if x is not None]
    if not v:
        return 'n/a', None
    return f'{min(v):.0f} / {statistics.median(v):.0f} / {max(v):.0f}' + ('' if len(v) == len(vals) else f' ({len(vals) - len(v)} missed)'), statistics.median(v)


def ratio(a, b):
    if not a or b is None or a <= 0:
        return 'n/a'
    r = b / a
    return f'{r:.2f}' if r >= 0.1 else f'{r:.3f}'


def skew(i, p):
    return (256 - p) * i / 256


def rfc(scen, i):
    if scen == 'sigterm':
        return f'{skew(i, 100):.0f} (Skew_Time)'
    if scen in ('sigkill', 'linkdown'):
        return f'{3 * i + skew(i, 100):.0f} (MDI)'
    if scen == 'check':
        return f'≤ 1000 + {skew(i, 100):.0f} (check interval + Skew)'
    if scen == 'preempt':
        return f'start-up + {3 * i + skew(i, 150):.0f} (MDI of 150)'
    return ''


def failover():
    data = {}
    for r in rows('failover.tsv'):
        impl, ival, scen = r[0], int(float(r[1])), r[2]
        d = data.setdefault((scen, ival), {}).setdefault(impl, ([], [], []))
        d[0].append(num(r[4]))
        d[1].append(num(r[5]))
        d[2].append(num(r[6]) if len(r) > 6 else None)
    if not data:
        return
    print('### Failover (ms; min / median / max over the repetitions)\n')
    print('| scenario | interval | RFC value | keepalived → first advert | vrrpd → first advert | ratio | '
          'keepalived → first probe | vrrpd → first probe | ratio |')
    print('|---|---|---|---|---|---|---|---|---|')
    order = ['sigterm', 'sigkill', 'linkdown', 'check', 'preempt']
    for (scen, ival) in sorted(data, key=lambda k: (order.index(k[0]) if k[0] in order else 9, -k[1])):
        d = data[(scen, ival)]
        ka_a, ka_am = mmm(d.get('keepalived', ([], [], []))[0])
        vr_a, vr_am = mmm(d.get('vrrpd', ([], [], []))[0])
        ka_p, ka_pm = mmm(d.get('keepalived', ([], [], []))[1])
        vr_p, vr_pm = mmm(d.get('vrrpd', ([], [], []))[1])
        if scen == 'check' and 'vrrpd' not in d:
            vr_a = vr_p = 'pending'
        print(f'| {scen} | {ival} ms | {rfc(scen, ival)} | {ka_a} | {vr_a} | {ratio(ka_am, vr_am)} | {ka_p} | {vr_p} | '
              f'{ratio(ka_pm, vr_pm)} |')
    print()
    silent = [(k, v) for k, v in sorted(data.items(), key=lambda kv: (kv[0][0], -kv[0][1]))
              if k[0] in ('sigterm', 'sigkill', 'linkdown', 'check')]
    if silent:
        print('The backup\'s own timing: new master\'s first advert measured from the old master\'s last advert '
              '(priority 0 after sigterm and check: RFC Skew_Time; silence after sigkill and linkdown: RFC '
              'Master_Down_Interval), ms:\n')
        print('| scenario | interval | RFC | keepalived | vrrpd | ratio | vrrpd median − RFC |')
        print('|---|---|---|---|---|---|---|')
        for (scen, ival), d in silent:
            mdi = (3 * ival if scen in ('sigkill', 'linkdown') else 0) + skew(ival, 100)
            ka, kam = mmm(d.get('keepalived', ([], [], []))[2])
            vr, vrm = mmm(d.get('vrrpd', ([], [], []))[2])
            off = f'{vrm - mdi:+.1f}' if vrm is not None else 'n/a'
            print(f'| {scen} | {ival} ms | {mdi:.1f} | {ka} | {vr} | {ratio(kam, vrm)} | {off} |')
        print()


def jitter():
    rs = rows('jitter.tsv')
    if not rs:
        return
    print('### Advert send jitter (|gap − interval| in ms, master a, captured on the bridge)\n')
    print('| interval | load | daemon | p50 | p99 | p99.9 | max | gaps | p99 ratio to keepalived |')
    print('|---|---|---|---|---|---|---|---|---|')
    ka = {(r[1], r[2]): num(r[4]) for r in rs if r[0] == 'keepalived'}
    for r in rs:
        k = ka.get((r[1], r[2]))
        rat = ratio(k, num(r[4])) if r[0] != 'keepalived' else ''
        print(f'| {float(r[1]):.0f} ms | {r[2]} | {r[0]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]} | {rat} |')
    print()


def soak():
    rs = rows('soak.tsv')
    if not rs:
        return
    print('### Soak at 100 ms under load (stress-ng on every core plus a 256 MiB VM worker)\n')
    print('| daemon | seconds | state transitions logged after the election | master changes in the capture |')
    print('|---|---|---|---|')
    for r in rs:
        print(f'| {r[0]} | {r[1]} | {r[2]} | {r[3]} |')
    print()


def startup():
    rs = rows('startup.tsv')
    if not rs:
        return
    print('### Start-up to Backup (median of the cold starts), RSS, CPU (advert 1 s; one interface)\n')
    print('| family | VRIDs | keepalived start-up ms | vrrpd | ratio | keepalived RSS MiB | vrrpd | ratio | '
          'keepalived CPU s/min | vrrpd | ratio | RssAnon MiB keepalived / vrrpd |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|')
    data = {}
    for r in rs:
        data.setdefault((r[1], int(r[2])), {})[r[0]] = [num(x) for x in r[3:7]] + [None] * (7 - len(r))
    reps = {}
    for r in rows('startup-reps.tsv'):  # further cold starts: the start-up column becomes their median
        reps.setdefault((r[1], int(r[2]), r[0]), []).append(num(r[3]))
    for (fam, n, impl), more in reps.items():
        d = data.get((fam, n), {}).get(impl)
        v = [x for x in [d[0] if d else None] + more if x is not None]
        if d is not None and v:
            d[0] = statistics.median(v)
    for (fam, n), d in sorted(data.items()):
        k = d.get('keepalived', [None] * 4)
        v = d.get('vrrpd', [None] * 4)
        cells = []
        for j in range(3):
            f = lambda x: 'n/a' if x is None else (f'{x:.2f}' if j == 2 else f'{x:.0f}' if j == 0 else f'{x:.1f}')
            cells += [f(k[j]), f(v[j]), ratio(k[j], v[j])]
        an = lambda x: 'n/a' if x is None else f'{x:.1f}'
        print(f'| {fam} | {n} | ' + ' | '.join(cells) + f' | {an(k[3])} / {an(v[3])} |')
    print()


def jvm():
    rs = rows('jvm.tsv')
    if not rs:
        return
    print('### vrrpd JVM choices (IPv4, advert 1 s, cold start each)\n')
    print('| JVM settings | VRIDs | start-up to Backup ms | RSS MiB | CPU s/min | RssAnon MiB |')
    print('|---|---|---|---|---|---|')
    for r in rs:
        print(f'| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5] if len(r) > 5 else "n/a"} |')
    print()


def floor():
    rs = rows('floor.tsv')
    if not rs:
        return
    names = {'jvm': 'JVM + picocli only', 'libs': "JVM + vrrpd's libraries, initialised as vrrpd does, no vrrpd code",
             'vrrpd': 'vrrpd, one IPv4 instance (to Backup)'}
    print("### The floor: the JVM and vrrpd's libraries without vrrpd (package JVM flags, own AppCDS archive each)\n")
    print('| program | starts | start-up ms (min / median / max) | VmRSS MiB (median) | RssAnon MiB (median) |')
    print('|---|---|---|---|---|')
    by = {}
    for r in rs:
        by.setdefault(r[0], []).append([num(x) for x in r[1:5]])
    for mode in ('jvm', 'libs', 'vrrpd'):
        if mode not in by:
            continue
        runs = by[mode]
        col = lambda j: [x[j] for x in runs if x[j] is not None]
        med = lambda j: 'n/a' if not col(j) else f'{statistics.median(col(j)):.1f}'
        print(f'| {names[mode]} | {len(runs)} | {mmm(col(0))[0]} | {med(1)} | {med(3)} |')
    print()


def mm2(vals):
    """median / max with two decimals (the fresh part's sub-millisecond figures), and the median."""
    v = [x for x in vals if x is not None]
    if not v:
        return 'n/a', None
    return (f'{statistics.median(v):+.2f} / {max(v):+.2f}'
            + ('' if len(v) == len(vals) else f' ({len(vals) - len(v)} NA)'), statistics.median(v))


def fresh():
    """fresh.tsv: impl, interval, scenario, load, rep, prio0, timer→advert, timer→VIP, GARP − advert (ms)."""
    data = {}
    for r in rows('fresh.tsv'):
        if len(r) > 9 and r[9] == '1':
            continue # the new master had been Master since its start: not a first takeover
        d = data.setdefault((r[2], int(float(r[1]))), {}).setdefault(r[0], [[], [], [], [], [], []])
        for k, x in enumerate([r[5], r[6], r[7], r[8], r[3]]):
            d[k].append(num(x))
        adv, vip = num(r[6]), num(r[7])
        d[5].append(vip - adv if adv is not None and vip is not None else None)
    if not data:
        return
    print('### First takeover, both daemons started afresh every repetition (ms; median / max; ratio of medians '
          'vrrpd / keepalived)\n')
    print('| scenario | interval | n | load (1 min) | item | keepalived | vrrpd | ratio |')
    print('|---|---|---|---|---|---|---|---|')
    items = [(0, 'SIGTERM → priority-0 advert'), (1, 'RFC timer → first advert'), (2, 'RFC timer → VIP'),
             (5, 'first advert → VIP (the takeover\'s own work)'), (3, 'first GARP − first advert')]
    for (scen, ival) in sorted(data, key=lambda k: (k[0] != 'sigterm', -k[1])):
        d = data[(scen, ival)]
        n = '/'.join(str(len(d[i][0])) for i in ('keepalived', 'vrrpd') if i in d)
        loads = [x for i in d for x in d[i][4] if x is not None]
        load = f'{min(loads):.1f}–{max(loads):.1f}' if loads else ''
        for k, name in items:
            if k == 0 and scen != 'sigterm':
                continue
            ka, kam = mm2(d.get('keepalived', [[]] * 6)[k])
            vr, vrm = mm2(d.get('vrrpd', [[]] * 6)[k])
            r = f'{vrm / kam:.1f}' if kam and vrm is not None and kam > 0 else 'n/a'
            print(f'| {scen} | {ival} ms | {n} | {load} | {name} | {ka} | {vr} | {r} |')
    print()


meta = os.path.join(OUT, 'meta.txt')
if os.path.exists(meta):
    print('```\n' + open(meta).read().strip() + '\n```\n')
failover()
fresh()
jitter()
soak()
startup()
jvm()
floor()
