package org.vrrpd.net;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.Pointer;

/**
 * A test-only AF_PACKET capture on one interface (ETH_P_ALL), opened in the calling thread's network namespace:
 * proves GARP/NA frames actually reached the link. Readable from any thread.
 */
final class PacketCapture implements AutoCloseable {

    private final NativeCalls nc = NativeCalls.load();
    private final int fd;
    private final Pointer msg;
    private final Pointer iov;
    private final Pointer data;

    PacketCapture(String ifName) throws NativeException {
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) NativeCalls.ETH_P_ALL)); // htons
        fd = nc.socket(NativeCalls.AF_PACKET, NativeCalls.SOCK_RAW, protocol, "AF_PACKET capture on " + ifName);
        nc.bind(fd, Structs.sockaddrLl(NativeCalls.ETH_P_ALL, nc.ifNameToIndex(ifName), new byte[0]), ifName);
        msg = nc.allocate(Structs.MSGHDR_SIZE);
        iov = nc.allocate(Structs.IOVEC_SIZE);
        data = nc.allocate(2048);
        Structs.iovec(iov, data, 2048);
    }

    /** The first frame starting with {@code prefix} within {@code timeout}, or null. Polls with a deadline. */
    byte[] await(byte[] prefix, Duration timeout) throws NativeException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Structs.msghdr(msg, null, 0, iov, null, 0);
            long n = nc.recvmsg(fd, msg, "capture");
            if (n < 0) {
                LockSupport.parkNanos(2_000_000);
                continue;
            }
            byte[] frame = new byte[(int) n];
            data.get(0, frame, 0, frame.length);
            if (frame.length >= prefix.length && Arrays.equals(Arrays.copyOf(frame, prefix.length), prefix)) {
                return frame;
            }
        }
        return null;
    }

    @Override
    public void close() throws NativeException {
        nc.close(fd);
    }
}
