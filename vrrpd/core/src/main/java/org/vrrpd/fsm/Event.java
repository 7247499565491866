package org.vrrpd.fsm;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What can happen to a virtual router. The driver delivers events one at a time (never concurrently) to
 * {@link VrrpStateMachine#handle}. Adverts reach the machine already validated by the codec (TTL, checksum,
 * version, VRID, interval in range); the machine only judges them by priority, interval and sender address.
 */
public sealed interface Event {

    /** RFC 9568 §6.4.1 Startup: the instance is configured and its interface is up. */
    record Startup() implements Event {
    }

    /** RFC 9568 Shutdown: the instance is being stopped (daemon exit, instance removed). */
    record Shutdown() implements Event {
    }

    /**
     * A valid advert for this VRID from another router (the driver drops our own looped-back adverts).
     *
     * @param source             the sender's primary address (IPv4 primary or IPv6 link-local), used for the
     *                           equal-priority tie-break
     * @param priority           0..255; 0 means the sender stopped participating
     * @param maxAdverIntervalCs the advert's Max Adver Interval in centiseconds (1..4095); ignored in VRRPv2,
     *                           where the interval is not learned
     */
    record AdvertReceived(InetAddress source, int priority, int maxAdverIntervalCs) implements Event {
        public AdvertReceived {
            Objects.requireNonNull(source, "source");
            if (priority < 0 || priority > 255) {
                throw new IllegalArgumentException("priority out of range: " + priority);
            }
        }
    }

    /** The Adver_Timer expired (only delivered while armed, see {@link Action.ArmTimer}). */
    record AdverTimerFired() implements Event {
    }

    /** The Master_Down_Timer expired (only delivered while armed, see {@link Action.ArmTimer}). */
    record MasterDownTimerFired() implements Event {
    }

    /**
     * The effective priority changed (tracker weights). Ignored for the address owner, whose priority is always
     * 255; otherwise clamped to 1..254 as keepalived does.
     */
    record PriorityChanged(int newPriority) implements Event {
    }

    /**
     * The instance became unfit (tracked failure without weight, interface down, maintenance). The daemon's
     * tracker aggregates the fault sources into one reason and the driver raises once; raising again only updates
     * the reason.
     */
    record FaultRaised(String reason) implements Event {
        public FaultRaised {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Every fault source has cleared. */
    record FaultCleared() implements Event {
    }

    /**
     * A member of this router's sync group left Master for Backup (keepalived's {@code vrrp_sync_backup}): a
     * Master follows it into Backup, so the group's VIPs never stay split between two nodes. The Master sends a
     * priority-0 advert on the way out (keepalived sends none here), so the peer's matching router takes over
     * after Skew_Time rather than Master_Down_Interval. Ignored in every other state.
     */
    record SyncBackup(String reason) implements Event {
        public SyncBackup {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A reload changed this router's settings in place: the machine that receives it holds the new
     * {@link VrrpConfig}; {@code previous} is the one it replaces. The router's identity (VRID, version, and its
     * being the address owner or not) is the same in both, and its state never changes: a Master that gets a new
     * Advertisement_Interval advertises it at once (the new cadence starts now, and v3 Backups learn it from that
     * advert) and keeps it; a Backup's preempt_delay window moves by the difference; a VRRPv2 Backup
     * that has not learned an interval (or any v2 Backup, which never learns one) sizes its down timer on the new
     * interval without shortening the one already running. A changed base priority reaches the machine as
     * {@link PriorityChanged} from the tracking, not here.
     */
    record Reconfigured(VrrpConfig previous) implements Event {
        public Reconfigured {
            Objects.requireNonNull(previous, "previous");
        }
    }
}
