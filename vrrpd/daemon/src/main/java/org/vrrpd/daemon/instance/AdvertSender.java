package org.vrrpd.daemon.instance;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import org.vrrpd.daemon.loop.RateLimitedLog;
import org.vrrpd.net.VrrpEndpoint;
import org.vrrpd.wire.Addresses;
import org.vrrpd.wire.VrrpAdvertisement;

/**
 * An {@link InstanceDriver}'s send path: one advert to every destination of the endpoint, sealed with IPsec AH
 * when the instance authenticates; a failed send is counted and logged (rate-limited), never thrown. Protocol
 * thread only.
 */
final class AdvertSender {

    private final InterfaceBinding binding;
    private final InstanceCounters counters;
    private final RateLimitedLog dropLog;

    AdvertSender(InterfaceBinding binding, InstanceCounters counters, RateLimitedLog dropLog) {
        this.binding = binding;
        this.counters = counters;
        this.dropLog = dropLog;
    }

    /** Sends an advert with {@code priority}, as the instance's current {@code wire} and {@code ah} say. */
    void sendAdvert(InstanceWire wire, Optional<AhSession> ah, String instance, int priority) {
        VrrpAdvertisement ad = wire.advert(priority);
        VrrpEndpoint endpoint = binding.endpoint();
        InetAddress source = binding.source();
        if (ah.isPresent()) { // not ifPresent(AhSession::nextAdvert): a Backup's first advert would bootstrap it
            ah.get().nextAdvert();
        }
        for (InetAddress dst : endpoint.spec().destinations()) {
            try {
                byte[] message = ad.encode(source, dst, wire.checksumMode());
                endpoint.send(ah.isPresent() ? ah.get().seal(message, source, dst) : message, dst, source);
                counters.advertsSent++;
                if (priority == 0) {
                    counters.priorityZeroSent++;
                }
            } catch (IOException | RuntimeException e) {
                counters.sendErrors++;
                dropLog.warn("send_error", "{}: cannot send advert to {}: {}", instance, Addresses.text(dst),
                        e.getMessage());
            }
        }
    }
}
