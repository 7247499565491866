package org.vrrpd.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vrrpd.control.ControlException;
import org.vrrpd.daemon.instance.InstanceDriver;
import org.vrrpd.daemon.systemd.SdNotify;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.status.ReloadSummary;

/**
 * Tells systemd what the daemon is doing ({@code Type=notify}): {@code READY=1} once every instance has left
 * Initialize, a {@code STATUS=} line with each instance's state after every transition, {@code RELOADING=1}
 * then {@code READY=1} around a reload, {@code STOPPING=1} at shutdown, and {@code WATCHDOG=1} pings when
 * {@code WatchdogSec=} is set. The pings are scheduled on the protocol thread, so a stalled protocol thread
 * stops them and systemd restarts the daemon.
 */
final class SystemdNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final Daemon daemon;
    private final SdNotify sd;
    private final Optional<Duration> watchdog;
    private volatile boolean ready;
    private volatile boolean stopped;

    SystemdNotifier(Daemon daemon, SdNotify sd, Optional<Duration> watchdog) {
        this.daemon = daemon;
        this.sd = sd;
        this.watchdog = watchdog;
    }

    /** The notifier for this process ({@code $NOTIFY_SOCKET}, {@code $WATCHDOG_USEC}); inert without systemd. */
    static SystemdNotifier fromEnvironment(Daemon daemon) {
        SdNotify sd = SdNotify.fromEnvironment();
        return new SystemdNotifier(daemon, sd,
                sd.enabled() ? SdNotify.watchdogInterval(System.getenv(), ProcessHandle.current().pid())
                        : Optional.empty());
    }

    /** Starts watching transitions; sends READY=1 as soon as every instance has left Initialize. */
    void start() throws IOException {
        if (!sd.enabled()) {
            return;
        }
        daemon.onLoop(() -> {
            daemon.addTransitionListener((d, from, to, reason) -> onTransition());
            onTransition();
            return null;
        });
        watchdog.ifPresent(interval -> {
            Duration period = interval.dividedBy(2);
            LOG.info("systemd watchdog every {} ms (WatchdogSec={} ms), pinged from the protocol thread",
                    period.toMillis(), interval.toMillis());
            daemon.scheduler().execute(() -> ping(period));
        });
    }

    private void ping(Duration period) {
        if (stopped) {
            return;
        }
        sd.watchdog();
        daemon.scheduler().schedule(() -> ping(period), period);
    }

    /** On the protocol thread. */
    private void onTransition() {
        try {
            if (!ready && daemon.allJoined()) {
                ready = true;
                sd.ready(statusLine());
                return;
            }
        } catch (IOException e) {
            LOG.debug("readiness check failed: {}", e.getMessage());
        }
        if (ready && !stopped) {
            sd.status(statusLine());
        }
    }

    /** "2 instance(s): mail=MASTER, web=BACKUP". On the protocol thread. */
    String statusLine() {
        Map<String, InstanceDriver> drivers = daemon.drivers();
        if (drivers.isEmpty()) {
            return "no instance configured (edit " + daemon.configPath() + ", then systemctl reload vrrpd)";
        }
        return drivers.size() + " instance(s): " + drivers.values().stream()
                .map(d -> d.config().name() + "=" + stateName(d.state()))
                .collect(Collectors.joining(", "));
    }

    private static String stateName(VrrpState s) {
        return s.name();
    }

    /** Wraps a reload: RELOADING=1 before, READY=1 with the new status after (also when refused). */
    ReloadSummary reload(ReloadAction reloader) throws ControlException {
        sd.reloading();
        try {
            return reloader.reload();
        } finally {
            try {
                sd.ready(daemon.onLoop(this::statusLine));
            } catch (IOException e) {
                sd.ready("running");
            }
        }
    }

    /** SIGHUP: reloads on a thread of its own (signal handlers must not block). */
    void reloadFromSignal(ReloadAction reloader) {
        Thread t = new Thread(() -> {
            try {
                reload(reloader);
            } catch (ControlException e) {
                LOG.error("reload refused: {}", e.getMessage());
            }
        }, "vrrpd-reload");
        t.start();
    }

    /** Sends STOPPING=1 and stops the watchdog pings. */
    void stopping() {
        stopped = true;
        sd.stopping();
    }
}
