#!/usr/bin/env python3
"""Starts a daemon in a namespace and measures it: start-up time, resident memory and CPU.

  procwatch.py NS LOG PATTERN COUNT SETTLE_S WINDOW_S -- CMD...

Start-up time: from just before exec (time.time_ns() taken before Popen of `ip netns exec NS CMD`) to the moment
LOG holds COUNT lines matching PATTERN (polled every 2 ms), i.e. every instance has logged its entry into Backup.
RSS: sum of VmRSS over the daemon's process tree at SETTLE_S after exec. CPU: utime+stime of the tree (live
processes) over the following WINDOW_S, scaled to seconds per minute. Prints
"startup_ms rss_mib cpu_s_per_min anon_mib" (anon: RssAnon, the private part of RSS, without mapped files
such as libjvm.so and the CDS archive), NA where a figure could not be taken, then stops the daemon (SIGTERM).
"""
import os
import re
import signal
import subprocess
import sys
import time

TICK = os.sysconf('SC_CLK_TCK')


def tree(root):
    kids = {}
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open(f'/proc/{d}/stat') as f:
                st = f.read()
        except OSError:
            continue
        ppid = int(st[st.rindex(')') + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def rss_kib(pid, field='VmRSS:'):
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_ticks(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            st = f.read()
        fields = st[st.rindex(')') + 2:].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def main(argv):
    ns, log, pattern, count, settle, window = argv[1:7]
    cmd = argv[argv.index('--') + 1:]
    count, settle, window = int(count), float(settle), float(window)
    rx = re.compile(pattern)
    logf = open(log, 'wb')
    t0 = time.time_ns()
    p = subprocess.Popen(['ip', 'netns', 'exec', ns] + cmd, stdout=logf, stderr=subprocess.STDOUT)
    startup = 'NA'
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and p.poll() is None:
        with open(log, 'rb') as f:
            n = sum(1 for line in f if rx.search(line.decode('utf-8', 'replace')))
        if n >= count:
            startup = f'{(time.time_ns() - t0) / 1e6:.0f}'
            break
        time.sleep(0.002)
    rss = cpu = anon = 'NA'
    if p.poll() is None:
        time.sleep(max(0.0, t0 / 1e9 + settle - time.time()))
        pids = tree(p.pid)
        rss = f'{sum(rss_kib(x) for x in pids) / 1024:.1f}'
        anon = f'{sum(rss_kib(x, "RssAnon:") for x in pids) / 1024:.1f}'
        c0 = sum(cpu_ticks(x) for x in pids)
        w0 = time.monotonic()
        time.sleep(window)
        pids = tree(p.pid)
        c1 = sum(cpu_ticks(x) for x in pids)
        cpu = f'{(c1 - c0) / TICK * 60 / (time.monotonic() - w0):.2f}'
    print(startup, rss, cpu, anon)
    sys.stdout.flush()
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


if __name__ == '__main__':
    main(sys.argv)
