package org.vrrpd.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * A typed, readable reason for dropping a received packet. It is the failure side of every decoder result
 * in this package, so callers count {@code reason().counterName()} and log {@code detail()}.
 */
public record Rejection(RejectReason reason, String detail)
        implements DecodeResult, ReceiveResult, Ipv4ParseResult, AhParseResult {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** Always itself. */
    @Override
    public Optional<Rejection> rejection() {
        return Optional.of(this);
    }

    /** Shorthand for {@code reason().counterName()}. */
    public String counterName() {
        return reason.counterName();
    }

    @Override
    public String toString() {
        return reason.counterName() + ": " + detail;
    }
}
