package org.vrrpd.net;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The native chokepoint: exactly the libc calls vrrpd makes, mapped once by jnr-ffi ({@link NativeCalls#load()}).
 * Nothing else in the daemon calls native code; other packages that need a call add it here so the whole native
 * surface stays reviewable in one screen and fakeable in tests. Raw return values: -1 plus {@code errno} on
 * failure; {@link NativeCalls} turns that into a {@link NativeException} carrying the {@code strerror} text.
 *
 * <p>Public only because jnr-ffi generates the implementation in its own class loader; nothing outside
 * {@code org.vrrpd.net} should call it (use {@link NativeCalls}).
 *
 * <p>Struct arguments are passed as {@link Pointer}s to memory laid out by {@link Structs} (LP64 Linux layout).
 */
public interface LibC {

    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int optname, @In Pointer optval, int optlen);

    int bind(int fd, @In Pointer addr, int addrlen);

    long sendmsg(int fd, @In Pointer msghdr, int flags);

    long recvmsg(int fd, Pointer msghdr, int flags);

    long sendto(int fd, @In Pointer buf, long len, int flags, @In Pointer addr, int addrlen);

    int close(int fd);

    int if_nametoindex(String name);

    int ioctl(int fd, long request, Pointer arg);

    int open(String path, int flags);

    int setns(int fd, int nstype);

    String strerror(int errnum);

    // rtnetlink (org.vrrpd.net.netlink): the same calls on Java arrays, plus what a netlink socket needs

    int bind(int fd, @In byte[] addr, int addrlen);

    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);

    long recv(int fd, @Out byte[] buf, long len, int flags);

    int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    int fcntl(int fd, int cmd, int arg);

    int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    // real-time scheduling of the protocol thread (org.vrrpd.daemon.tuning)

    int gettid();

    int sched_setscheduler(int pid, int policy, @In int[] param);

    int sched_getscheduler(int pid);

    // the nice value of the thread that starts plugin hosts (org.vrrpd.daemon.tuning.Niceness); Linux applies
    // PRIO_PROCESS with who 0 to the calling thread only, and children inherit it

    int setpriority(int which, int who, int prio);

    // process exits (org.vrrpd.daemon.health.PidfdCalls): pidfd_open(2) has no libc wrapper before glibc 2.36, so
    // it goes through syscall(2); the eventfd wakes the watcher's poll(2) when the watched set changes

    long syscall(long number, long arg1, long arg2);

    int eventfd(int initval, int flags);

    long read(int fd, @Out byte[] buf, long count);

    long write(int fd, @In byte[] buf, long count);

    // SIGTERM, SIGINT, SIGHUP and SIGQUIT read on the protocol thread (org.vrrpd.daemon.systemd.SignalFdHandle):
    // the launcher blocks them in every thread, so they wait for signalfd(2) instead of a handler; the masks are
    // glibc's 128-byte sigset_t. pthread_sigmask and tgkill serve the tests, which block a signal in one thread.

    int signalfd(int fd, @In byte[] mask, int flags);

    int pthread_sigmask(int how, @In byte[] set, @Out byte[] oldset);

    int tgkill(int tgid, int tid, int sig);
}
