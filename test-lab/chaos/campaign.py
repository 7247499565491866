"""One campaign: builds the segment, starts the daemons, watchers and Prometheus, runs the schedule's episodes
until the duration is spent, then judges the invariants and writes the report. Everything it created is removed
in a finally (and the wall clock put back) whatever happens."""
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time

import faults as faultmod
import invariants as inv
import report
import schedule
from alerts import Prometheus
from lab import Lab, vip_of, INSTANCES
from observe import AddrPoller, AdvertCapture, Pinger, TcpProbe
from watch import StatusPoller, ProcSampler

JVM = "-Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m " \
      "-XX:CICompilerCount=1 -XX:CompileThresholdScaling=0.05 -XX:Tier3LoadFeedback=1000 -XX:-UsePerfData " \
      "-XX:+ExitOnOutOfMemoryError"


def package_jvm_opts(top):
    """The package launcher's VRRPD_JAVA_OPTS, so the campaign runs the JVM as production does."""
    try:
        with open(os.path.join(top, 'packaging/deb/src/deb/bin/vrrpd')) as f:
            for line in f:
                if line.startswith('VRRPD_JAVA_OPTS="'):
                    return line.split('"')[1].split()
    except OSError:
        pass
    return JVM.split()


def classpath(o, top):
    if o.classpath:
        return o.classpath
    r = subprocess.run(['bash', '-c', f'. {shlex.quote(top)}/test-lab/lib/build.sh && vrrpd_classpath'],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"build failed: {r.stderr[-2000:]}")
    return r.stdout.strip()


def sync_groups_supported(cp, jvm, work):
    """Whether this build accepts the agreed `sync_groups:` YAML (vrrpd --check-config on a small file)."""
    f = os.path.join(work, 'sync-probe.yaml')
    with open(f, 'w') as fh:
        fh.write("instances:\n  - {name: a, interface: lo, vrid: 1, vips: [192.0.2.200/32]}\n"
                 "  - {name: b, interface: lo, vrid: 1, vips: [fe80::1:9/64, 2001:db8::200/64]}\n"
                 "sync_groups:\n  - name: g\n    members: [a, b]\n")
    r = subprocess.run(['java'] + jvm + ['-cp', cp, 'org.vrrpd.daemon.Main', '--check-config', '--config', f],
                       capture_output=True, text=True)
    return r.returncode == 0


class Stop(Exception):
    pass


def _on_signal(signum, _frame):
    raise Stop(f"signal {signum}")


def run(o, top):
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    work = os.path.join(o.out, 'work')
    os.makedirs(work, exist_ok=True)
    cp = classpath(o, top)
    jvm = package_jvm_opts(top)
    sync = o.sync_groups == 'on' or (o.sync_groups == 'auto' and 'vrrpd' in o.impls
                                     and sync_groups_supported(cp, jvm, work))
    args = list(sys.argv[1:])
    for i, a in enumerate(args):   # the build's class path is long and says nothing about the run
        if i > 0 and args[i - 1] == '--classpath':
            args[i] = 'CP'
        elif a.startswith('--classpath='):
            args[i] = '--classpath=CP'
    cmd = 'test-lab/chaos/run ' + ' '.join(shlex.quote(a) for a in args)
    print(f"chaos: {o.nodes} routers {o.impls}, duration {o.duration:.0f}s, faults [{', '.join(o.kinds)}], "
          f"advert {o.advert_ms} ms, Master_Down_Interval {o.mdi_s * 1000:.0f} ms, sync groups "
          f"{'on' if sync else 'off'}, out {o.out}", flush=True)
    lab = Lab(o, work, cp, jvm, sync)
    inj = faultmod.Injector(lab, None, None)
    watchers, prom, all_faults = [], None, []
    flog = open(os.path.join(o.out, 'faults.log'), 'w')
    result = None
    t0 = time.monotonic()
    try:
        lab.build()
        lab.start_servers()
        rules = os.path.join(top, 'monitoring/prometheus/vrrpd-alerts.yml')
        if 'vrrpd' in o.impls:
            prom = Prometheus(lab, rules, o.out)
            prom.start_server()
        for n in lab.nodes:
            n.start()
        status = StatusPoller(lab)
        inj.status = status
        capture = AdvertCapture(lab)
        addr = AddrPoller(lab)
        checker = inv.Checker(lab, o, status, capture, t0)
        addr.listeners.append(checker.on_addresses)
        pinger = Pinger(lab)
        tcp = [TcpProbe(lab, vip_of(v, f)) for v, f in INSTANCES]
        procs = ProcSampler(lab)
        sup = threading.Thread(target=lab.supervise, daemon=True)
        for w in [status, capture, addr, procs, sup]:
            w.start()
            watchers.append(w)
        unready = inj.wait_ready([n.name for n in lab.nodes], 90)
        time.sleep(o.mdi_s + 1.0)
        t0 = time.monotonic()
        checker.t0 = t0
        checker.faults_log = lambda t: faults_before(all_faults, t, t0)
        pinger.start()
        for p in tcp:
            p.start()
        if prom:
            prom.start()
        checker.quiet_point(time.monotonic(), dump(addr), unready)
        quiet_points = 1
        for faults, pause in schedule.episodes(o.seed, o.node_names, o.kinds, o.steady_node):
            if time.monotonic() - t0 >= o.duration:
                break
            run_episode(inj, faults, flog, t0, all_faults)
            if prom and any(f.kind == 'clock' and f.param > 0 for f in faults):
                prom.restart()
            unready = inj.wait_ready([n.name for n in lab.nodes], 30)
            t_end = time.monotonic()
            for f in faults:
                f.t_end = t_end
            if unready:
                checker.add(inv.Violation(1, t_end, f"{', '.join(unready)} not running or not out of "
                                                     f"INITIALIZE/FAULT 30 s after the faults ended",
                                          keepalived=all(lab.by_name[x].impl != 'vrrpd' for x in unready)))
            time.sleep(o.mdi_s + 0.1)
            checker.quiet_point(time.monotonic(), dump(addr), unready)
            quiet_points += 1
            time.sleep(pause)
        t_stop = time.monotonic()
        pinger.finish()
        for p in tcp:
            p.stop()
        complete = set(inj.complete)
        for n in lab.nodes:
            status.collect_history(n)
            if n.alive():
                complete.add((n.name, n.generation))
        if prom:
            prom.finish()
        for w in watchers:
            if hasattr(w, 'stop'):
                w.stop()
        result = report.Result(o, cmd, sync, lab, checker, status, procs, pinger, tcp, prom, inj, all_faults,
                               complete, t0, t_stop, quiet_points)
    except Stop as e:
        print(f"chaos: stopped by {e}", file=sys.stderr)
        return 2
    finally:
        faultmod.clock_restore()
        try:
            inj.cleanup()
        finally:
            for w in watchers:
                if hasattr(w, 'stop'):
                    w.stop()
            if prom is not None and prom.proc is not None and prom.proc.poll() is None:
                prom.proc.kill()
            lab.teardown()
            flog.close()
    return report.write(result)


def dump(addr):
    return {name: {a for a in d.dump() if a in inv.VIP_OWNER} for name, d in addr.dumpers.items()}


def run_episode(inj, faults, flog, t0, all_faults):
    """Starts each fault at its offset, reverts it after its hold; returns when all are reverted."""
    def one(f):
        time.sleep(f.offset)
        f.t_start = time.monotonic()
        try:
            inj.apply(f)
            time.sleep(f.hold)
        except Exception as e:  # noqa: BLE001 - a fault that could not be applied is recorded, not fatal
            f.note = f"apply failed: {e}"
        finally:
            try:
                inj.revert(f)
            except Exception as e:  # noqa: BLE001
                f.note += f" revert failed: {e}"
            f.t_revert = time.monotonic()
    threads = []
    for f in faults:
        f.id = len(all_faults) + 1
        all_faults.append(f)
        th = threading.Thread(target=one, args=(f,), daemon=True)
        th.start()
        threads.append(th)
    for th in threads:
        th.join()
    for f in faults:
        line = f"{f.t_start - t0:9.2f}s #{f.id} {f.describe()}" + (f" ({f.note})" if f.note else '')
        flog.write(line + '\n')
    flog.flush()


def faults_before(all_faults, t, t0, window=30.0):
    lines = [f"    {f.t_start - t0:9.2f}s #{f.id} {f.describe()}"
             + (f" reverted {f.t_revert - t0:.2f}s" if f.t_revert else ' (in force)')
             for f in all_faults if f.t_start is not None and t - window <= f.t_start <= t]
    return '\n'.join(lines[-12:]) or '    (none in the 30 s before)'
