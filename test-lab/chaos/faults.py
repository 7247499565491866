"""Applying and reverting each fault kind, and waiting until the routers it touched answer again."""
import atexit
import os
import signal
import subprocess
import time

from nsutil import sh, nsx
from observe import control

# ---- the wall clock: always stepped back, in a finally, at exit and on SIGTERM/SIGINT ---------------------------
_clock = {'base': None}


def clock_step(seconds):
    """Steps CLOCK_REALTIME by seconds, remembering the realtime-monotonic offset to restore."""
    if _clock['base'] is None:
        _clock['base'] = time.clock_gettime(time.CLOCK_REALTIME) - time.monotonic()
    time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME) + seconds)


def clock_restore():
    """Puts CLOCK_REALTIME back where it would be without the steps (monotonic + the saved offset)."""
    base = _clock['base']
    if base is not None:
        time.clock_settime(time.CLOCK_REALTIME, time.monotonic() + base)
        _clock['base'] = None


atexit.register(clock_restore)


class Injector:
    def __init__(self, lab, status, log):
        self.lab, self.status, self.log = lab, status, log
        self.by_name = {n.name: n for n in lab.nodes}
        self.stress = None
        self.reloads = []     # (monotonic, node, kind, outcome)
        self.complete = set() # (node, generation) whose history was read just before a planned end

    def apply(self, f):
        nodes = [self.by_name[x] for x in f.nodes]
        k = f.kind
        if k == 'kill':
            self.last_words(nodes[0])
            nodes[0].kill(signal.SIGKILL)
        elif k == 'stop':
            with nodes[0].lock:
                nodes[0].send(signal.SIGSTOP)
                nodes[0].stopped = True
        elif k == 'restart':
            self.last_words(nodes[0])
            nodes[0].kill(signal.SIGTERM)
            nodes[0].start()
        elif k == 'linkdown':
            sh('ip', '-n', nodes[0].ns, 'link', 'set', 'eth0', 'down')
        elif k == 'ifdelete':
            self.lab.unplug(nodes[0].idx)
        elif k == 'partition':
            ports = ', '.join(f'"v{n.idx}"' for n in nodes)
            nsx(self.lab.lan, 'nft', f'add element bridge chaos cut {{ {ports} }}')
        elif k == 'loss':
            for chain in ('lossin', 'lossout'):
                nsx(nodes[0].ns, 'nft', f'add rule inet chaos {chain} meta l4proto 112 '
                                        f'numgen random mod 100 < {f.param} counter drop')
        elif k == 'check':
            try:
                os.remove(nodes[0].flag)
            except FileNotFoundError:
                pass
        elif k == 'reload':
            n = nodes[0]
            n.garp_repeat = 2 if n.garp_repeat == 1 else 1
            n.write_config()
            f.note = self.reload(n, 'valid')
        elif k == 'reload_broken':
            n = nodes[0]
            n.write_config(broken=True)
            f.note = self.reload(n, 'broken')
            n.write_config()
            if n.impl == 'keepalived':
                self.reload(n, 'restore')
        elif k == 'clock':
            clock_step(f.param)
        elif k == 'stress':
            self.stress = subprocess.Popen(['stress-ng', '--cpu', '2', '--vm', '1', '--vm-bytes', '256M',
                                            '--timeout', f'{int(f.hold) + 5}s', '--quiet'],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                           start_new_session=True)
        elif k == 'run_full':
            d = os.path.join(nodes[0].run_dir, 'fill')
            os.makedirs(d, exist_ok=True)
            try:
                with open(os.path.join(d, 'blob'), 'wb') as fh:
                    while True:
                        fh.write(b'\0' * 65536)
                        fh.flush()
            except OSError:
                pass
            i = 0
            try:
                while i < 1000:
                    open(os.path.join(d, f'i{i}'), 'w').close()
                    i += 1
            except OSError:
                pass
            f.note = f'{i} inodes taken'

    def last_words(self, n):
        """Reads the history of a daemon about to be ended, so its last transitions can be checked."""
        if n.alive() and not n.stopped:
            self.status.collect_history(n)
            self.complete.add((n.name, n.generation))

    def revert(self, f):
        nodes = [self.by_name[x] for x in f.nodes]
        k = f.kind
        if k == 'kill':
            nodes[0].start()
        elif k == 'stop':
            with nodes[0].lock:
                nodes[0].send(signal.SIGCONT)
                nodes[0].stopped = False
        elif k == 'linkdown':
            sh('ip', '-n', nodes[0].ns, 'link', 'set', 'eth0', 'up')
        elif k == 'ifdelete':
            n = nodes[0]
            self.lab.plug(n.ns, n.idx, n.mac, n.v4, n.v6)
        elif k == 'partition':
            ports = ', '.join(f'"v{n.idx}"' for n in nodes)
            nsx(self.lab.lan, 'nft', f'delete element bridge chaos cut {{ {ports} }}')
        elif k == 'loss':
            for chain in ('lossin', 'lossout'):
                nsx(nodes[0].ns, 'nft', f'flush chain inet chaos {chain}')
        elif k == 'check':
            open(nodes[0].flag, 'w').close()
        elif k == 'clock':
            clock_restore()
        elif k == 'stress':
            if self.stress is not None:
                self.stress.terminate()
                try:
                    self.stress.wait(10)
                except subprocess.TimeoutExpired:
                    self.stress.kill()
                    self.stress.wait(5)
                self.stress = None
        elif k == 'run_full':
            d = os.path.join(nodes[0].run_dir, 'fill')
            for x in os.listdir(d):
                os.remove(os.path.join(d, x))
            os.rmdir(d)

    def reload(self, n, what):
        t = time.monotonic()
        if n.impl == 'vrrpd':
            try:
                control(n.sock, 'reload', timeout=5.0)
                outcome = 'applied'
            except ValueError as e:
                outcome = f'refused: {e}'
            except OSError as e:
                outcome = f'no answer: {e}'
        else:
            n.send(signal.SIGHUP)
            outcome = 'SIGHUP sent'
        self.reloads.append((t, n.name, what, outcome))
        return outcome

    def wait_ready(self, names, deadline_s=30.0):
        """Waits until each named router runs and (vrrpd) answers status with no instance in INITIALIZE or FAULT;
        returns the names that did not get there in time."""
        end = time.monotonic() + deadline_s
        todo = [self.by_name[x] for x in names]
        while todo and time.monotonic() < end:
            left = []
            for n in todo:
                if not self.ready(n):
                    left.append(n)
            todo = left
            if todo:
                time.sleep(0.05)
        return [n.name for n in todo]

    @staticmethod
    def ready(n):
        if not n.alive() or n.stopped:
            return False
        if n.impl != 'vrrpd':
            return True
        try:
            st = control(n.sock, 'status', timeout=0.3)
        except (OSError, ValueError):
            return False
        states = [i['state'] for i in st.get('instances', [])]
        return bool(states) and all(s in ('BACKUP', 'MASTER') for s in states)

    def cleanup(self):
        clock_restore()
        if self.stress is not None:
            self.stress.kill()
