package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NicenessTest {

    @Test
    void applyToCurrentThread_shouldSetTheCallingThreadsNice_only() throws Exception {
        int before = ThreadNice.current();
        CompletableFuture<int[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Optional<String> err = Niceness.applyToCurrentThread(Math.max(before, 7));
                f.complete(new int[] {err.isPresent() ? -100 : 0, ThreadNice.current()});
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        t.start();
        int[] r = f.get(10, TimeUnit.SECONDS);
        assertEquals(0, r[0], "setpriority failed");
        assertEquals(Math.max(before, 7), r[1]);
        assertEquals(before, ThreadNice.current(), "other threads keep their nice value");
    }
}
