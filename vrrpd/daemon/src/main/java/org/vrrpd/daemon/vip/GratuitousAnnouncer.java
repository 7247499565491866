package org.vrrpd.daemon.vip;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.config.GarpConfig;
import org.vrrpd.daemon.loop.ProtocolScheduler;

/**
 * Announces the VIPs after becoming Master, keepalived-style: a burst of {@code masterRepeat} rounds at once
 * ({@code interval} apart), a second burst after {@code masterDelay}, and then, when configured, one round
 * every {@code masterRefresh} ({@code refreshRepeat} rounds each time). {@link #stop()} (on leaving Master) cancels whatever is pending.
 */
final class GratuitousAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(GratuitousAnnouncer.class);

    /** Sends one gratuitous ARP or unsolicited NA per VIP. */
    @FunctionalInterface
    interface Round {
        void send() throws IOException;
    }

    private final ProtocolScheduler scheduler;
    private final GarpConfig config;
    private final Round round;
    private final String instance;
    private final List<ProtocolScheduler.Cancellable> pending = new ArrayList<>();
    private long rounds;
    // made once, here: a lambda or method reference is bootstrapped the first time it is evaluated, ~0.4 ms of a
    // takeover's protocol thread if that is at the first announcement
    private final Runnable roundTask = this::sendRound;
    private final Runnable secondBurstTask = () -> burst(false);
    private final Runnable refreshTask = this::refresh;

    GratuitousAnnouncer(ProtocolScheduler scheduler, GarpConfig config, Round round, String instance) {
        this.scheduler = scheduler;
        this.config = config;
        this.round = round;
        this.instance = instance;
    }

    /** Starts a fresh announcement (replacing one in progress). */
    void announce() {
        stop();
        burst(true);
        if (!config.masterDelay().isZero()) {
            pending.add(scheduler.schedule(secondBurstTask, config.masterDelay()));
        }
        if (config.refreshEnabled()) {
            scheduleRefresh();
        }
    }

    private void burst(boolean now) {
        int repeat = Math.max(1, config.masterRepeat());
        for (int i = 0; i < repeat; i++) {
            Duration at = config.interval().multipliedBy(i);
            if (i == 0 && now) {
                sendRound();
            } else {
                pending.add(scheduler.schedule(roundTask, at));
            }
        }
    }

    private void scheduleRefresh() {
        pending.add(scheduler.schedule(refreshTask, config.masterRefresh()));
    }

    private void refresh() {
        sendRound();
        for (int i = 1; i < config.refreshRepeat(); i++) { // garp_master_refresh_repeat
            pending.add(scheduler.schedule(roundTask, config.interval().multipliedBy(i)));
        }
        scheduleRefresh();
    }

    private void sendRound() {
        try {
            round.send();
            rounds++;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: gratuitous announcement failed: {}", instance, e.getMessage());
        }
    }

    void stop() {
        for (ProtocolScheduler.Cancellable c : pending) { // a loop: no method reference bootstrapped at a takeover
            c.cancel();
        }
        pending.clear();
    }

    long rounds() {
        return rounds;
    }
}
