package org.vrrpd.daemon.loop;

import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/** Runs a task on the protocol thread from any thread and waits for it, with its exceptions as they were thrown. */
public final class LoopCalls {

    private LoopCalls() {
    }

    /** Runs {@code task} on {@code loop} (directly when already on it) and returns its result. */
    public static <T> T call(EventLoop loop, Callable<T> task) throws IOException {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        try {
            return loop.submit(task).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
