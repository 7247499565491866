package org.vrrpd.lab.health.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;

/**
 * Test plugin {@code abuse_bomb}: a run starts {@code threads} threads that, once all are running, each allocate
 * 64 KiB blocks without bound and keep them; the run itself waits for ever.
 */
public final class BombPlugin implements CheckFactory<BombPlugin.Config> {

    /** {@code threads}: how many threads each run starts (default 100). */
    public static final class Config extends CheckConfig {
        public int threads = 100;
    }

    @Override
    public String type() {
        return "abuse_bomb";
    }

    @Override
    public Class<Config> configClass() {
        return Config.class;
    }

    @Override
    public Check create(Config config) {
        return context -> {
            CountDownLatch allStarted = new CountDownLatch(config.threads);
            for (int i = 0; i < config.threads; i++) {
                Thread t = new Thread(() -> {
                    allStarted.countDown();
                    try {
                        allStarted.await();
                    } catch (InterruptedException e) {
                        // allocate anyway
                    }
                    List<byte[]> hoard = new ArrayList<>();
                    while (true) {
                        hoard.add(new byte[64 * 1024]);
                    }
                }, "bomb-" + i);
                t.setDaemon(true);
                t.start();
            }
            while (true) {
                Thread.sleep(60_000);
            }
        };
    }
}
