package org.vrrpd.config;

import java.util.Locale;

/**
 * {@code preflight:} of one instance ({@link PreflightConfig}): the start-up listen window in advert intervals
 * and {@code on_incompatible: warn | hold}. An address owner (priority 255) never holds back: RFC 9568 makes it
 * Master at start-up, so {@code hold} on an owner is refused rather than silently ignored.
 */
final class PreflightValidator {

    private static final String KEY = "/preflight";

    private final Findings findings;
    private final String base;
    private final String ctx;

    PreflightValidator(Findings findings, String base, String ctx) {
        this.findings = findings;
        this.base = base;
        this.ctx = ctx;
    }

    /** The preflight settings; {@link PreflightConfig#DEFAULT} when absent, or for the parts in error. */
    PreflightConfig validate(RawConfig.Preflight raw, int priority) {
        if (raw == null) {
            return PreflightConfig.DEFAULT;
        }
        int listen = PreflightConfig.DEFAULT_LISTEN_INTERVALS;
        if (raw.listenIntervals != null) {
            if (raw.listenIntervals < 0 || raw.listenIntervals > 255) {
                error(KEY + "/listen_intervals", "preflight listen_intervals " + raw.listenIntervals
                        + " out of range 0..255 (advert intervals; 0 = no start-up listen)");
            } else {
                listen = raw.listenIntervals;
            }
        }
        PreflightConfig.OnIncompatible on = PreflightConfig.OnIncompatible.WARN;
        if (raw.onIncompatible != null) {
            switch (raw.onIncompatible.toLowerCase(Locale.ROOT)) {
                case "warn" -> on = PreflightConfig.OnIncompatible.WARN;
                case "hold" -> on = PreflightConfig.OnIncompatible.HOLD;
                default -> error(KEY + "/on_incompatible", "preflight on_incompatible '" + raw.onIncompatible
                        + "' is not warn or hold");
            }
        }
        if (on == PreflightConfig.OnIncompatible.HOLD && priority == InstanceConfig.OWNER_PRIORITY) {
            error(KEY + "/on_incompatible", "preflight on_incompatible: hold cannot apply to the address owner"
                    + " (priority 255 is Master from start-up, RFC 9568 §6.4.1); use warn, or lower the priority");
        }
        return new PreflightConfig(listen, on);
    }

    private void error(String key, String reason) {
        findings.error(base + key, ctx + reason);
    }
}
