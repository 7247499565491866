#!/usr/bin/python3
"""storefs: the lab's stand-in for the NFS share that storage01 exports to the mail nodes.

A FUSE passthrough filesystem (fusepy over libfuse2) that mirrors SOURCE at MOUNTPOINT, with faults that a
test injects at run time, the way a slow, failing or unreachable NFS server behaves:

  delay_ms N [SCOPE]   every operation in SCOPE waits N ms before it runs (0 = off)
  error ERRNO [SCOPE]  every operation in SCOPE fails with ERRNO (EIO, ESTALE, ENOSPC, ...; "none" = off)
  hang on [SCOPE]      every operation in SCOPE blocks until "hang off", like a hard NFS mount whose server
  hang off             is gone: the caller sleeps in the kernel, killable only by SIGKILL (state D)
  reset                all faults off
  status               (no-op; the state file is rewritten after every command)

SCOPE is "all" (default), "write" (operations that change the store) or "read" (the others).

Commands come through a FIFO (--control PATH, created if missing): `echo "hang on" > PATH`. After each
command the current settings are written as "key value" lines to PATH.state, so a test can wait until the
command took effect; its last line, "waits D" (or "waits S" if the kernel could not be told, see
make_waits_uninterruptible), says how hung callers sleep. The mount shows in /proc/self/mountinfo with type
fuse.<subtype> (default fuse.vrrpdstore) and source <fsname>.

Files are created as the calling process's uid/gid (the daemon runs as root), so the mail nodes' Postfix and
Dovecot see the ownership they would see on NFS with no_root_squash.
"""

import argparse
import ctypes
import errno
import os
import struct
import sys
import threading
import time

try:  # Debian's python3-fusepy installs the module as "fusepy"; upstream's wheel calls it "fuse"
    import fusepy as fusemod
except ImportError:
    import fuse as fusemod
FUSE, FuseOSError, Operations, fuse_get_context = (
    fusemod.FUSE, fusemod.FuseOSError, fusemod.Operations, fusemod.fuse_get_context)

WRITE_OPS = frozenset({
    "chmod", "chown", "create", "mkdir", "mknod", "rename", "rmdir", "symlink", "link", "truncate",
    "unlink", "utimens", "write", "fsync", "flush", "setxattr", "removexattr",
})
NEVER_FAULT = frozenset({"init", "destroy", "release", "releasedir"})


class Faults:
    """The injected faults, shared by every FUSE worker thread and the control thread."""

    def __init__(self, state_path):
        self.lock = threading.Lock()
        self.released = threading.Condition(self.lock)
        self.state_path = state_path
        self.delay_ms, self.delay_scope = 0, "all"
        self.error, self.error_scope = 0, "all"
        self.hang, self.hang_scope = False, "all"
        self.hung = 0  # operations currently held by a hang
        self.waits = "pending"  # how the kernel makes callers wait: "D", "S" (interruptible) or "pending"

    @staticmethod
    def in_scope(scope, op):
        return scope == "all" or (scope == "write") == (op in WRITE_OPS)

    def before(self, op):
        """Applies the faults to one operation: may sleep, block or raise."""
        if op in NEVER_FAULT:
            return
        with self.lock:
            if self.hang and self.in_scope(self.hang_scope, op):
                self.hung += 1
                self.write_state()
                while self.hang and self.in_scope(self.hang_scope, op):
                    self.released.wait()
                self.hung -= 1
                self.write_state()
            delay = self.delay_ms if self.in_scope(self.delay_scope, op) else 0
            err = self.error if self.in_scope(self.error_scope, op) else 0
        if delay:
            time.sleep(delay / 1000.0)
        if err:
            raise FuseOSError(err)

    def command(self, line):
        words = line.split()
        if not words:
            return
        cmd, args = words[0], words[1:]
        scope = args[1] if len(args) > 1 else "all"
        if scope not in ("all", "read", "write"):
            raise ValueError("scope must be all, read or write: " + scope)
        with self.lock:
            if cmd == "delay_ms":
                self.delay_ms, self.delay_scope = max(0, int(args[0])), scope
            elif cmd == "error":
                name = args[0].upper()
                if name in ("NONE", "0", "OFF"):
                    self.error = 0
                else:
                    code = getattr(errno, name, None) if not name.isdigit() else int(name)
                    if not code:
                        raise ValueError("unknown errno " + args[0])
                    self.error, self.error_scope = code, scope
            elif cmd == "hang":
                if args[0] not in ("on", "off"):
                    raise ValueError("hang on|off")
                self.hang = args[0] == "on"
                self.hang_scope = scope
                self.released.notify_all()
            elif cmd == "reset":
                self.delay_ms, self.error, self.hang = 0, 0, False
                self.released.notify_all()
            elif cmd != "status":
                raise ValueError("unknown command " + cmd)
            self.write_state()

    def write_state(self):
        """Writes the settings atomically; the caller holds the lock."""
        name = errno.errorcode.get(self.error, "none") if self.error else "none"
        text = (f"delay_ms {self.delay_ms} {self.delay_scope}\n"
                f"error {name} {self.error_scope}\n"
                f"hang {'on' if self.hang else 'off'} {self.hang_scope}\n"
                f"hung {self.hung}\n"
                f"waits {self.waits}\n")
        tmp = self.state_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.state_path)


def control_loop(path, faults):
    """Reads commands from the FIFO for ever; a bad command is logged and ignored."""
    while True:
        with open(path, "r") as fifo:  # blocks until a writer opens it
            for line in fifo:
                try:
                    faults.command(line.strip())
                    print("storefs: " + line.strip(), file=sys.stderr, flush=True)
                except (ValueError, IndexError) as e:
                    print(f"storefs: rejected {line.strip()!r}: {e}", file=sys.stderr, flush=True)


class FuseContext29(ctypes.Structure):
    """libfuse 2.9's struct fuse_context (fusepy's copy lacks the umask field added in 2.8)."""
    _fields_ = [("fuse", ctypes.c_void_p), ("uid", ctypes.c_uint32), ("gid", ctypes.c_uint32),
                ("pid", ctypes.c_int32), ("private_data", ctypes.c_void_p), ("umask", ctypes.c_uint32)]


def make_waits_uninterruptible():
    """Tells the kernel this server does not handle FUSE_INTERRUPT, so callers wait killably (state D).

    By default a caller waiting for a reply sleeps interruptibly (state S) and turns into a killable,
    uninterruptible wait (D) only after a signal. The kernel drops the interruptible phase for good once the
    server answers one INTERRUPT with ENOSYS (fc->no_interrupt); libfuse2 never does, so we send that answer
    ourselves, on /dev/fuse, for the request being served right now: a header with the interrupt bit
    (bit 0 since Linux 5.0) of its unique id. libfuse2 keeps the current request after the public
    struct fuse_context (struct fuse_context_i) and the unique id is the second field of struct fuse_req.
    Only requests that start waiting after this see the change, so storefs does it on its own first request,
    right after the mount. Returns (True, text) on success, (False, reason) when the waits stay interruptible.
    """
    try:
        fd = next(int(n) for n in os.listdir("/proc/self/fd")
                  if os.readlink(f"/proc/self/fd/{n}") == "/dev/fuse")
        ctx = ctypes.cast(fusemod._libfuse.fuse_get_context(), ctypes.c_void_p).value
        req = ctypes.c_void_p.from_address(ctx + ctypes.sizeof(FuseContext29)).value
        if not req:
            return False, "no current request found; waits stay interruptible"
        unique = ctypes.c_uint64.from_address(req + ctypes.sizeof(ctypes.c_void_p)).value
        if unique == 0 or unique & 1:
            return False, f"unexpected request id {unique}; waits stay interruptible"
        os.write(fd, struct.pack("=IiQ", 16, -errno.ENOSYS, unique | 1))
        return True, "callers wait uninterruptibly (D) while a request is held"
    except (StopIteration, OSError, ValueError) as e:
        return False, f"could not mark interrupts unsupported ({e}); waits stay interruptible"


class Passthrough(Operations):
    """Mirrors a directory; every call goes through the fault injector first."""

    def __init__(self, root, mountpoint, faults):
        self.root = os.path.realpath(root)
        self.mountpoint = mountpoint
        self.faults = faults
        self.primed = False
        self.prime_lock = threading.Lock()

    def init(self, path):
        # Our own first request, from another thread once the mount is up (see make_waits_uninterruptible):
        # the lookup of a name that does not exist always reaches us, whatever the kernel has cached.
        probe = os.path.join(self.mountpoint, ".storefs-prime")
        threading.Thread(target=os.path.lexists, args=(probe,), daemon=True).start()

    def __call__(self, op, path, *args):
        if not hasattr(self, op):
            raise FuseOSError(errno.EFAULT)
        if not self.primed and op not in NEVER_FAULT:
            with self.prime_lock:
                if not self.primed:
                    self.primed = True
                    ok, text = make_waits_uninterruptible()
                    print("storefs: " + text, file=sys.stderr, flush=True)
                    with self.faults.lock:
                        self.faults.waits = "D" if ok else "S"
                        self.faults.write_state()
        self.faults.before(op)
        try:
            return getattr(self, op)(path, *args)
        except OSError as e:
            raise FuseOSError(e.errno or errno.EIO)

    def _full(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    def _own(self, full):
        uid, gid, _pid = fuse_get_context()
        os.lchown(full, uid, gid)

    def access(self, path, mode):
        if not os.access(self._full(path), mode):
            raise FuseOSError(errno.EACCES)

    def chmod(self, path, mode):
        return os.chmod(self._full(path), mode)

    def chown(self, path, uid, gid):
        return os.lchown(self._full(path), uid, gid)

    def getattr(self, path, fh=None):
        st = os.lstat(self._full(path))
        return {k: getattr(st, k) for k in (
            "st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime", "st_nlink", "st_size", "st_uid")}

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._full(path))

    def readlink(self, path):
        return os.readlink(self._full(path))

    def mknod(self, path, mode, dev):
        full = self._full(path)
        os.mknod(full, mode, dev)
        self._own(full)

    def rmdir(self, path):
        return os.rmdir(self._full(path))

    def mkdir(self, path, mode):
        full = self._full(path)
        os.mkdir(full, mode)
        self._own(full)

    def statfs(self, path):
        st = os.statvfs(self._full(path))
        return {k: getattr(st, k) for k in (
            "f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree", "f_files", "f_flag",
            "f_frsize", "f_namemax")}

    def unlink(self, path):
        return os.unlink(self._full(path))

    def symlink(self, name, target):
        full = self._full(name)
        os.symlink(target, full)
        self._own(full)

    def rename(self, old, new):
        return os.rename(self._full(old), self._full(new))

    def link(self, target, name):
        return os.link(self._full(name), self._full(target))

    def utimens(self, path, times=None):
        return os.utime(self._full(path), times)

    def open(self, path, flags):
        return os.open(self._full(path), flags)

    def create(self, path, mode, fi=None):
        full = self._full(path)
        fd = os.open(full, os.O_RDWR | os.O_CREAT, mode)  # callers read what they create (Dovecot)
        self._own(full)
        return fd

    def read(self, path, length, offset, fh):
        return os.pread(fh, length, offset)

    def write(self, path, buf, offset, fh):
        return os.pwrite(fh, buf, offset)

    def truncate(self, path, length, fh=None):
        if fh is not None:
            os.ftruncate(fh, length)
        else:
            with open(self._full(path), "r+") as f:
                f.truncate(length)

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        return os.close(fh)

    def fsync(self, path, datasync, fh):
        return os.fdatasync(fh) if datasync else os.fsync(fh)


def main():
    ap = argparse.ArgumentParser(description="FUSE passthrough with injectable faults (NFS stand-in)")
    ap.add_argument("source")
    ap.add_argument("mountpoint")
    ap.add_argument("--control", required=True, help="FIFO for fault commands (state in CONTROL.state)")
    ap.add_argument("--fsname", default="storage01:/export")
    ap.add_argument("--subtype", default="vrrpdstore")
    a = ap.parse_args()

    if not os.path.exists(a.control):
        os.mkfifo(a.control, 0o600)
    faults = Faults(a.control + ".state")
    with faults.lock:
        faults.write_state()
    threading.Thread(target=control_loop, args=(a.control, faults), daemon=True).start()
    # libfuse leaves its loop and unmounts on SIGTERM/SIGINT; send "reset" first to free hung callers.
    # hard_remove: unlink at once even while a file is open, instead of renaming it to .fuse_hidden*, which
    # Dovecot would take for a mailbox folder in a Maildir (it then fails LMTP deliveries with 451)
    FUSE(Passthrough(a.source, os.path.abspath(a.mountpoint), faults), a.mountpoint, foreground=True, nothreads=False,
         allow_other=True, default_permissions=True, fsname=a.fsname, subtype=a.subtype, hard_remove=True)


if __name__ == "__main__":
    main()
