package org.vrrpd.lab.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;

/**
 * Random loss of VRRP packets (20 % by default, advert 100 ms) with a client pinging the VIP every 50 ms, for
 * vrrpd, vrrpd with {@code step_down_announce: false} (the RFC alone), keepalived 2.2.7, and vrrpd and keepalived
 * with a virtual MAC ({@code vmac: true}, {@code use_vmac}), side by side in the same run (five labs at once).
 * At 20 % loss the RFC's three-advert down timer cannot prevent occasional spurious takeovers; vrrpd must make them
 * harmless to clients.
 *
 * <p>{@code -Dloss.seconds=600} (default 60), {@code -Dloss.percent=50} (default 20), {@code -Dloss.family=ipv6}
 * (default ipv4).
 */
@Tag("lab")
class LossLabTest {

    static final int SECONDS = Integer.getInteger("loss.seconds", 60);
    static final int PERCENT = Integer.getInteger("loss.percent", 20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    @Test
    void randomVrrpLoss_shouldCostClientsAlmostNothing_andEndWithOneVipHolder() throws Exception {
        List<LossRun> runs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(LossRun.Kind.values().length);
        try {
            for (LossRun.Kind k : LossRun.Kind.values()) {
                runs.add(new LossRun(k));
            }
            for (LossRun r : runs) {
                r.awaitSettled(Duration.ofSeconds(30));
            }
            for (LossRun r : runs) {
                r.loss(PERCENT);
                r.startPinging(SECONDS);
            }
            List<Future<LossRun.Result>> futures = new ArrayList<>();
            for (LossRun r : runs) {
                futures.add(pool.submit(() -> r.finish(PERCENT, SECONDS)));
            }
            List<LossRun.Result> results = new ArrayList<>();
            for (Future<LossRun.Result> f : futures) {
                results.add(f.get());
            }
            // the Backup takes over when three adverts in a row are lost: p^3 per advert interval
            double p = PERCENT / 100.0;
            System.out.printf("%n[loss] " + (LossRun.IPV6 ? "IPv6, " : "") + "%d %% random loss of VRRP, advert 100 ms, client ping every 50 ms, %d s;"
                    + " three adverts lost in a row: p^3 per interval, about %.1f takeovers expected%n", PERCENT,
                    SECONDS, SECONDS * 10 * p * p * p);
            results.forEach(r -> System.out.println("[loss] " + r));
            for (LossRun r : runs) {
                r.loss(0);
            }
            for (LossRun r : runs) {
                r.awaitSettled(Duration.ofSeconds(30));
                assertTrue(r.vipOn("r1") && !r.vipOn("r2"), r.kind + ": one VIP holder at the end");
            }
            for (LossRun.Result vrrpd : results) {
                if (PERCENT <= 20 && (vrrpd.kind() == LossRun.Kind.VRRPD || vrrpd.kind() == LossRun.Kind.VRRPD_VMAC)) {
                    assertTrue(vrrpd.longestOutageMs() <= 200 + LossRun.PING_MS,
                            vrrpd.kind() + ": longest client outage " + vrrpd.longestOutageMs() + " ms");
                    assertTrue(vrrpd.lostPercent() <= 1.0, vrrpd.kind() + ": pings lost " + vrrpd.lostPercent() + " %");
                }
            }
        } finally {
            pool.shutdownNow();
            runs.forEach(LossRun::close);
        }
    }
}
