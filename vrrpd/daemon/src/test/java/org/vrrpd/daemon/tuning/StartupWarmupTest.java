package org.vrrpd.daemon.tuning;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartupWarmupTest {

    @Test
    void theDaemonWarmsUp() {
        assertTrue(StartupWarmup.worthIt(new String[] {}));
        assertTrue(StartupWarmup.worthIt(new String[] {"--config", "/etc/vrrpd/vrrpd.yaml"}));
        assertTrue(StartupWarmup.worthIt(new String[] {"-f", "x.yaml", "--control-socket", "/run/v.sock"}));
    }

    @Test
    void oneShotCommandsDoNot() {
        assertFalse(StartupWarmup.worthIt(new String[] {"--check-config"}));
        assertFalse(StartupWarmup.worthIt(new String[] {"-f", "x.yaml", "-t"}));
        assertFalse(StartupWarmup.worthIt(new String[] {"config", "check", "x.yaml"}));
        assertFalse(StartupWarmup.worthIt(new String[] {"--help"}));
        assertFalse(StartupWarmup.worthIt(new String[] {"-V"}));
    }

    @Test
    void awaitingLoggingWithoutAWarmUpReturnsAtOnce() throws InterruptedException {
        long t0 = System.nanoTime();
        StartupWarmup.awaitLogging(); // begin() is never called in this JVM's tests
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "awaitLogging blocked without a warm-up thread");
    }
}
