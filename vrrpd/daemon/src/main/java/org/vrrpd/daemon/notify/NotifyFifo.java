package org.vrrpd.daemon.notify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Writes keepalived-style lines ({@code INSTANCE "VI_1" MASTER 100}) to the {@code notify_fifo}, never blocking.
 *
 * <p>The FIFO is opened {@code O_WRONLY|O_NONBLOCK}: with no reader the open fails ({@code ENXIO}) and the
 * line is dropped; the next line tries again. With a reader, each line (far below {@code PIPE_BUF}) is written
 * atomically; if the pipe is full ({@code EAGAIN}) the line is dropped; if the reader went away
 * ({@code EPIPE}) the descriptor is closed and reopened for the next line. Drops are counted, so a reader that
 * attaches late sees every change from that point on, in order, but not the ones before. Used only from the
 * notify thread.
 */
public final class NotifyFifo implements AutoCloseable {

    /** What happened to one line. */
    public enum Result { WRITTEN, NO_READER, FULL, ERROR }

    private static final int FLAGS = OpenFlags.O_WRONLY.intValue() | OpenFlags.O_NONBLOCK.intValue()
            | OpenFlags.O_CLOEXEC.intValue();

    private final Path path;
    private final POSIX posix;
    private int fd = -1;
    private String lastError = "";

    public NotifyFifo(Path path) {
        this.path = path;
        this.posix = POSIXFactory.getNativePOSIX();
    }

    /** Writes one line (ending in a newline) or drops it; never blocks. */
    public Result write(String line) {
        if (fd < 0) {
            fd = posix.open(path.toString(), FLAGS, 0);
            if (fd < 0) {
                int errno = posix.errno();
                lastError = Errno.valueOf(errno).description();
                return errno == Errno.ENXIO.intValue() ? Result.NO_READER : Result.ERROR;
            }
        }
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int n = posix.write(fd, b, b.length);
        if (n == b.length) {
            return Result.WRITTEN;
        }
        int errno = n < 0 ? posix.errno() : 0;
        lastError = n < 0 ? Errno.valueOf(errno).description() : "short write";
        if (errno == Errno.EAGAIN.intValue()) {
            return Result.FULL;
        }
        closeFd();
        return errno == Errno.EPIPE.intValue() ? Result.NO_READER : Result.ERROR;
    }

    /** The strerror text of the last failure. */
    public String lastError() {
        return lastError;
    }

    private void closeFd() {
        if (fd >= 0) {
            posix.close(fd);
            fd = -1;
        }
    }

    @Override
    public void close() {
        closeFd();
    }
}
