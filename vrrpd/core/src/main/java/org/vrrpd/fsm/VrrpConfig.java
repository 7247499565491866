package org.vrrpd.fsm;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The per-instance settings the state machine needs, already validated by the configuration layer.
 *
 * @param vrid                     virtual router id, 1..255
 * @param version                  VRRP version, 2 (RFC 3768) or 3 (RFC 9568)
 * @param priority                 base priority, 1..255; 255 means we own the virtual addresses
 * @param advertisementIntervalCs  our Advertisement_Interval in centiseconds: 1..4095 for v3; a whole number of
 *                                 seconds (100..25500) for v2
 * @param preempt                  RFC Preempt_Mode (default true); the owner always preempts
 * @param preemptDelay             keepalived's preempt_delay (default zero): a Backup preempts a live lower-priority
 *                                 Master only once this long has passed since it entered Backup or last accepted
 *                                 an advert of higher priority than its own
 * @param acceptMode               RFC Accept_Mode (default false); not used by the machine, the driver applies it
 *                                 while Master (the owner always accepts)
 * @param primaryAddress           our primary address on the interface (IPv4 primary, or IPv6 link-local): the
 *                                 equal-priority tie-break compares it, unsigned, in network byte order
 * @param fastTakeover             when a preempting Backup hears its Master advertise a priority below its own, arm
 *                                 the down timer at Skew_Time instead of waiting Master_Down_Interval (default
 *                                 true); false gives strict RFC timing
 */
public record VrrpConfig(
        int vrid,
        int version,
        int priority,
        int advertisementIntervalCs,
        boolean preempt,
        Duration preemptDelay,
        boolean acceptMode,
        InetAddress primaryAddress,
        boolean fastTakeover) {

    public static final int OWNER_PRIORITY = 255;
    public static final int DEFAULT_PRIORITY = 100;
    public static final int DEFAULT_ADVERTISEMENT_INTERVAL_CS = 100;

    public VrrpConfig {
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid must be 1..255: " + vrid);
        }
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version must be 2 or 3: " + version);
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("priority must be 1..255: " + priority);
        }
        if (version == 3 && (advertisementIntervalCs < 1 || advertisementIntervalCs > 4095)) {
            throw new IllegalArgumentException("v3 advertisement interval must be 1..4095 cs: " + advertisementIntervalCs);
        }
        if (version == 2 && (advertisementIntervalCs < 100 || advertisementIntervalCs > 25500
                || advertisementIntervalCs % 100 != 0)) {
            throw new IllegalArgumentException("v2 advertisement interval must be 1..255 whole seconds: "
                    + advertisementIntervalCs + " cs");
        }
        if (preemptDelay.isNegative()) {
            throw new IllegalArgumentException("negative preemptDelay: " + preemptDelay);
        }
    }

    /** RFC defaults: priority 100, 1 s interval, preempt on, no preempt delay, accept off, fast takeover on. */
    public static VrrpConfig defaults(int vrid, int version, InetAddress primaryAddress) {
        return new VrrpConfig(vrid, version, DEFAULT_PRIORITY, DEFAULT_ADVERTISEMENT_INTERVAL_CS, true,
                Duration.ZERO, false, primaryAddress, true);
    }

    /** True when we own the virtual addresses (priority 255). */
    public boolean isOwner() {
        return priority == OWNER_PRIORITY;
    }

    /** The owner always preempts, whatever {@link #preempt()} says (RFC 9568 §6.1). */
    public boolean effectivePreempt() {
        return preempt || isOwner();
    }

    /** Whether the driver should accept packets to the VIPs while Master: owner or Accept_Mode. */
    public boolean effectiveAcceptMode() {
        return acceptMode || isOwner();
    }

    public VrrpConfig withPriority(int p) {
        return new VrrpConfig(vrid, version, p, advertisementIntervalCs, preempt, preemptDelay, acceptMode,
                primaryAddress, fastTakeover);
    }

    public VrrpConfig withAdvertisementIntervalCs(int cs) {
        return new VrrpConfig(vrid, version, priority, cs, preempt, preemptDelay, acceptMode, primaryAddress,
                fastTakeover);
    }

    public VrrpConfig withPreempt(boolean p) {
        return new VrrpConfig(vrid, version, priority, advertisementIntervalCs, p, preemptDelay, acceptMode,
                primaryAddress, fastTakeover);
    }

    public VrrpConfig withPreemptDelay(Duration d) {
        return new VrrpConfig(vrid, version, priority, advertisementIntervalCs, preempt, d, acceptMode,
                primaryAddress, fastTakeover);
    }

    public VrrpConfig withAcceptMode(boolean a) {
        return new VrrpConfig(vrid, version, priority, advertisementIntervalCs, preempt, preemptDelay, a,
                primaryAddress, fastTakeover);
    }

    public VrrpConfig withFastTakeover(boolean f) {
        return new VrrpConfig(vrid, version, priority, advertisementIntervalCs, preempt, preemptDelay, acceptMode,
                primaryAddress, f);
    }
}
