#!/usr/bin/python3
"""keepalived 2.2.7 with protocol scripts and vrrpd with its built-in checks, side by side on one mail lab.

Run by test-lab/mail/bench-failover (see there for the options). Both daemons run on mail01 (priority 150) and
mail02 (100) at once: keepalived VRID 51 with VIP 192.0.2.10, vrrpd VRID 52 with VIP 192.0.2.30, every check
weight 0 (a failed check = Fault). Each fault is injected once on mail01 and both VIPs are timed from the
injection to their address event on mail02 (`ip -ts monitor address` in mail02's namespace: rtnetlink events,
stamped by the kernel's delivery to ip, not sampled). Healthy CPU: utime+stime(+reaped children) of each
daemon's live process tree from /proc, keepalived's scripts included.
"""
import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import time

from benchlab import CLOCK, KA_VIP, KINDS, SETTINGS, VD_VIP, Lab, Monitor, load_env, log, pid_start, sh


# ---- faults: inject(lab) returns the time of injection (just before the act); restore(lab) undoes it ---------
def now():
    return time.time(), time.monotonic()


def children(pid):
    return [int(x) for x in sh(f'pgrep -P {pid}', check=False).split()]


def signal_tree(pid, sig):
    pids = [pid] + children(pid)
    t0 = now()
    for p in pids:
        try:
            os.kill(p, sig)
        except ProcessLookupError:
            pass
    return t0


def wait_port(lab, node, port, limit=30):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if sh(f"ip netns exec {lab.ns(node)} ss -ltnH 'sport = :{port}'", check=False).strip():
            return
        time.sleep(0.1)
    raise RuntimeError(f'port {port} on {node} not listening after {limit}s')


def start_postfix(lab, node):
    d = lab.node_dir(node)
    sh(f'ip netns exec {lab.ns(node)} postfix -c {d}/postfix/etc start >>{lab.e["LAB_LOG_DIR"]}/{node}-postfix.out 2>&1')
    end = time.monotonic() + 10
    while lab.postfix_pid(node) is None or pid_start(lab.postfix_pid(node)) is None:
        if time.monotonic() > end:
            raise RuntimeError('postfix did not start')
        time.sleep(0.1)
    lab.record(node, 'postfix', lab.postfix_pid(node))
    wait_port(lab, node, 25)


def start_dovecot(lab, node):
    conf = lab.e['LAB_' + node.upper() + '_DOVECOT_CONF']
    out = open(f'{lab.e["LAB_LOG_DIR"]}/{node}-dovecot.out', 'a')
    p = subprocess.Popen(['ip', 'netns', 'exec', lab.ns(node), 'dovecot', '-F', '-c', conf],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    lab.record(node, 'dovecot', p.pid)
    wait_port(lab, node, 993)
    wait_port(lab, node, 143)


def store_cmd(lab, node, cmd):
    t0 = now()
    with open(lab.e['LAB_' + node.upper() + '_STORECTL'], 'w') as f:
        f.write(cmd + '\n')
    return t0


def rename(a, b):
    t0 = now()
    os.rename(a, b)
    return t0


def fault(kind, node='mail01'):
    def users(lab):
        return lab.node_dir(node) + '/dovecot/users'

    def sock(lab):
        return lab.node_dir(node) + '/php/fpm.sock'

    return {
        'postfix-killed': (lambda lab: signal_tree(lab.postfix_pid(node), signal.SIGKILL),
                           lambda lab: (time.sleep(0.5), start_postfix(lab, node))),
        'postfix-hung': (lambda lab: signal_tree(lab.postfix_pid(node), signal.SIGSTOP),
                         lambda lab: signal_tree(lab.postfix_pid(node), signal.SIGCONT)),
        'imap-backend-gone': (lambda lab: rename(users(lab), users(lab) + '.away'),
                              lambda lab: rename(users(lab) + '.away', users(lab))),
        'webmail-502': (lambda lab: rename(sock(lab), sock(lab) + '.away'),
                        lambda lab: rename(sock(lab) + '.away', sock(lab))),
        'store-hung': (lambda lab: store_cmd(lab, node, 'hang on'), lambda lab: store_cmd(lab, node, 'hang off')),
        'store-slow-3s': (lambda lab: store_cmd(lab, node, 'delay_ms 3000'),
                          lambda lab: store_cmd(lab, node, 'delay_ms 0')),
        'dovecot-killed': (lambda lab: signal_tree(lab.dovecot_pid(node), signal.SIGKILL),
                           lambda lab: (time.sleep(0.5), start_dovecot(lab, node))),
    }[kind]


# ---- the run -------------------------------------------------------------------------------------------------
STEPS = [0]  # runs and windows repeated because the wall clock was stepped




def one_run(lab, mon, key, r, kind):
    """One injection: (keepalived, vrrpd) latencies (None = not within 30 s), or None when the wall clock was
    stepped meanwhile (TLS certificates become not yet valid / expired, keepalived's timestamps jump)."""
    inject, restore = fault(kind)
    steps = CLOCK.steps
    if not lab.settle():
        raise RuntimeError(f'before {kind}: the VIPs have not stayed on mail01 for 3 s within 300 s')
    # a random phase against both daemons' check schedules: settle() ends a fixed time after the VIPs came home,
    # which would otherwise inject every fault at the same point of each daemon's check interval
    time.sleep(random.uniform(0, SETTINGS[key]['interval']))
    mon.arm()
    mon.left.arm()
    t0 = inject(lab)
    seen = mon.wait(30)
    gone = mon.left.wait(0)
    ka = Monitor.latency(seen.get(KA_VIP), t0)
    vd = Monitor.latency(seen.get(VD_VIP), t0)
    restore(lab)
    if not lab.alive():
        raise RuntimeError('a daemon died; see the bench logs in ' + lab.e['LAB_LOG_DIR'])
    if not lab.wait_home(300):
        raise RuntimeError(f'after {kind}: the VIPs did not come back to mail01 within 300 s')
    if CLOCK.steps != steps:
        log(f'({key}) run {r + 1} {kind}: the wall clock was stepped during the run (another test on this machine?)')
        STEPS[0] += 1
        return None
    for vip, name in ((KA_VIP, 'keepalived'), (VD_VIP, 'vrrpd')):
        if vip in gone and vip not in seen:
            log(f'({key}) run {r + 1} {kind}: {name} on mail01 gave the VIP up but mail02 did not take it within 30 s '
                f'(mail02 in Fault itself?); run repeated')
            return None
    log(f'({key}) run {r + 1} {kind}: keepalived ' + ('-' if ka is None else f'{ka:.2f} s')
        + ', vrrpd ' + ('-' if vd is None else f'{vd:.2f} s'))
    return ka, vd


def run_setting(lab, mon, key, s, runs, kinds, cpu_seconds, cpu_after, pid_file):
    log(f'setting ({key}) {s["label"]}: starting keepalived and vrrpd on both nodes'
        + (' (vrrpd checks with pid_file)' if pid_file else ''))
    lab.start(s, pid_file)
    try:
        if not lab.wait_home(300):
            raise RuntimeError('the VIPs did not settle on mail01 within 300 s after start')
        windows = [20] + ([cpu_after] if cpu_after >= 20 + cpu_seconds else [])
        cpu, load = {}, {}
        started = time.monotonic()
        for after in windows:
            # warm-up: JIT, first TLS sessions, keepalived's scripts in their stride
            time.sleep(max(0.0, started + after - time.monotonic()))
            for attempt in range(3):
                steps = CLOCK.steps
                cpu[after], load[after] = lab.cpu(cpu_seconds)
                if CLOCK.steps == steps:
                    break
                log('the wall clock was stepped during the CPU window; measuring again')
                STEPS[0] += 1
                lab.wait_home(300)
            log(f'healthy CPU over {cpu_seconds} s from {after} s after the VIPs settled (load {load[after][0]:.1f}): '
                + ', '.join(f'{n} {d} {v:.0f} ms/min' for (n, d), v in cpu[after].items()))
        res = {k: {'ka': [], 'vd': []} for k in kinds}
        for r in range(runs):
            for kind in kinds:
                for attempt in range(1, 7):
                    got = one_run(lab, mon, key, r, kind)
                    if got is not None:
                        break
                    log(f'({key}) run {r + 1} {kind}: repeated (attempt {attempt + 1})')
                    lab.reload_dovecot()
                else:
                    raise RuntimeError('six disturbed runs in a row (wall-clock steps, a Backup in Fault) of ' + kind)
                res[kind]['ka'].append(got[0])
                res[kind]['vd'].append(got[1])
        return res, cpu, load
    finally:
        lab.stop()


def healthy_run(lab, mon, s, minutes, cpu_load, pid_file):
    log(f'healthy run: {minutes} min at {s["label"]}' + (', stress-ng CPU load' if cpu_load else ''))
    lab.start(s, pid_file)
    stress = None
    try:
        if not lab.wait_home(90):
            raise RuntimeError('the VIPs did not settle on mail01')
        time.sleep(10)
        before = dict(mon.adds)
        steps = CLOCK.steps
        if cpu_load:
            stress = subprocess.Popen(['stress-ng', '--cpu', '2', '--cpu-load', '80', '--timeout', f'{minutes * 60}s',
                                       '--quiet'], start_new_session=True)
        load = os.getloadavg()
        time.sleep(minutes * 60)
        load2 = os.getloadavg()
        spurious = {v: mon.adds[v] - before[v] for v in before}
        spurious['stepped'] = CLOCK.steps - steps
        return spurious, load, load2
    finally:
        if stress is not None and stress.poll() is None:
            stress.terminate()
            stress.wait(10)
        lab.stop()


# ---- the table -----------------------------------------------------------------------------------------------
def fmt(xs):
    got = [x for x in xs if x is not None]
    det = f'{len(got)}/{len(xs)}'
    if not got:
        return None, f'— ({det})'
    med = statistics.median(got)
    return med, f'{med:.2f} / {max(got):.2f} s ({det})'


def table(results, cpus, loads, cpu_seconds, runs):
    lines = ['| settings | failure on mail01 | keepalived + scripts: median / max (detected) '
             '| vrrpd built-in: median / max (detected) | vrrpd / keepalived (medians) |',
             '|---|---|---|---|---|']
    for key, res in results.items():
        label = SETTINGS[key]['label'] + (' + pid_file' if SETTINGS[key].get('used_pid_file') else '')
        all_ka, all_vd = [], []
        for kind, r in res.items():
            mk, tk = fmt(r['ka'])
            mv, tv = fmt(r['vd'])
            all_ka += r['ka']
            all_vd += r['vd']
            ratio = f'{mv / mk:.2f}' if mk and mv is not None else '—'
            lines.append(f'| {label} | {kind} | {tk} | {tv} | {ratio} |')
        mk, tk = fmt(all_ka)
        mv, tv = fmt(all_vd)
        ratio = f'{mv / mk:.2f}' if mk and mv is not None else '—'
        lines.append(f'| {label} | **all kinds** | **{tk}** | **{tv}** | **{ratio}** |')
        for after, c in cpus[key].items():
            cr = []
            for node in ('mail01', 'mail02'):
                ka, vd = c[(node, 'keepalived')], c[(node, 'vrrpd')]
                cr.append(f'{node} {ka:.0f} / {vd:.0f} ms/min ({vd / ka:.2f})' if ka else f'{node} {ka:.0f} / {vd:.0f}')
            lines.append(f'| {label} | CPU healthy, keepalived / vrrpd over {cpu_seconds} s from {after} s after the '
                         f'VIPs settled (load {loads[key][after][0]:.1f}) | {"; ".join(cr)} | | |')
    return '\n'.join(lines)


def write_docs(doc, text, block):
    begin, end = f'<!-- {block}:begin -->', f'<!-- {block}:end -->'
    src = open(doc).read()
    if begin not in src or end not in src:
        raise RuntimeError(f'{doc} has no {begin} ... {end} block')
    head, rest = src.split(begin, 1)
    _, tail = rest.split(end, 1)
    open(doc, 'w').write(head + begin + '\n' + text + '\n' + end + tail)


def main():
    # SIGTERM (the wrapper's trap, an operator) runs the finally blocks: stress-ng and the daemons are stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument('--env', required=True)
    ap.add_argument('--cp', required=True)
    ap.add_argument('--jvm', required=True)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--settings', default='a,b')
    ap.add_argument('--kinds', default=','.join(KINDS))
    ap.add_argument('--cpu-seconds', type=int, default=60)
    ap.add_argument('--cpu-after', type=int, default=20)
    ap.add_argument('--pid-file', choices=['yes', 'no'], default='no')
    ap.add_argument('--healthy-minutes', type=float, default=0)
    ap.add_argument('--cpu-load', action='store_true')
    ap.add_argument('--docs', default='')
    a = ap.parse_args()
    lab = Lab(load_env(a.env), a.cp, a.jvm)
    lab.own_users_files()
    mon = Monitor(lab.ns('mail02'))
    left = Monitor(lab.ns('mail01'), deleted=True)
    mon.left = left
    kinds = [k for k in a.kinds.split(',') if k]
    for k in kinds:
        if k not in KINDS:
            raise SystemExit(f'unknown failure kind {k}; known: {", ".join(KINDS)}')
    started = time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())
    load_start = os.getloadavg()
    results, cpus, loads = {}, {}, {}
    try:
        for key in [k for k in a.settings.split(',') if k]:
            s = SETTINGS[key]
            pid_file = (a.pid_file == 'yes') if s['pid_file'] is None else s['pid_file']
            s['used_pid_file'] = pid_file
            if a.runs > 0:
                results[key], cpus[key], loads[key] = run_setting(lab, mon, key, s, a.runs, kinds, a.cpu_seconds,
                                                                  a.cpu_after,
                                                                  pid_file)
        if results:
            t = table(results, cpus, loads, a.cpu_seconds, a.runs)
            load_end = os.getloadavg()
            note = (f'Run {started}, {a.runs} run(s) per cell, both daemons side by side on one lab; load average '
                    f'{load_start[0]:.1f} at the start, {load_end[0]:.1f} at the end (2 cores, shared with other '
                    f'builds). Fault injected on mail01 → the VIP\'s address event on mail02.'
                    + (f' {STEPS[0]} run(s) or CPU window(s) were repeated because the wall clock was stepped '
                       f'meanwhile (another test on the machine).' if STEPS[0] else ''))
            print(note + '\n\n' + t)
            if a.docs:
                write_docs(a.docs, note + '\n\n' + t, 'bench-failover')
        if a.healthy_minutes > 0:
            s = SETTINGS['b']
            spurious, l0, l1 = healthy_run(lab, mon, s, a.healthy_minutes, a.cpu_load, a.pid_file == 'yes')
            h = (f'Healthy services, {a.healthy_minutes:g} min at {s["label"]}'
                 + (' under stress-ng --cpu 2 --cpu-load 80' if a.cpu_load else '')
                 + f' (load {l0[0]:.1f} → {l1[0]:.1f}): spurious failovers keepalived {spurious[KA_VIP]}, '
                   f'vrrpd {spurious[VD_VIP]}.'
                 + (f' The wall clock was stepped {spurious["stepped"]} time(s) during the run (another test on the '
                    f'machine): TLS checks of both daemons fail meanwhile on a certificate not yet valid.'
                    if spurious['stepped'] else ''))
            print(h)
            if a.docs:
                write_docs(a.docs, h, 'bench-healthy')
    finally:
        lab.stop()
        mon.close()
        left.close()


if __name__ == '__main__':
    try:
        main()
    except (RuntimeError, subprocess.SubprocessError, OSError) as e:
        log(f'harness failure: {e}')
        sys.exit(1)
