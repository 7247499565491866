package org.vrrpd.daemon.instance;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import org.vrrpd.config.InstanceConfig;
import org.vrrpd.config.VirtualAddress;
import org.vrrpd.fsm.VrrpConfig;
import org.vrrpd.net.EndpointSpec;
import org.vrrpd.wire.ChecksumMode;
import org.vrrpd.wire.ReceiveExpectations;
import org.vrrpd.wire.VrrpAdvertisement;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * What one instance's configuration means to the protocol core and the socket layer: the state machine's
 * settings, what the receive path expects, the adverts it sends and where. Pure: a function of the config.
 */
final class InstanceWire {

    private final InstanceConfig config;
    private final List<InetAddress> advertised;

    InstanceWire(InstanceConfig config) {
        this.config = config;
        this.advertised = config.virtualAddresses().stream().map(VirtualAddress::address).toList();
    }

    /** The advert interval in centiseconds (v2: whole seconds, as centiseconds). */
    int intervalCs() {
        return config.version() == 2 ? (int) config.advertInterval().toSeconds() * 100
                : config.advertIntervalCentiseconds();
    }

    VrrpConfig fsmConfig(InetAddress primaryAddress) {
        return new VrrpConfig(config.vrid(), config.version(), config.priority(), intervalCs(), config.preempt(),
                config.preemptDelay(), config.acceptMode(), primaryAddress, config.fastTakeover());
    }

    /** What a received advert must look like (RFC 9568 §7.1, RFC 3768 §7.1) while our priority is as given. */
    ReceiveExpectations expectations(int localPriority) {
        ReceiveExpectations e = config.version() == 2
                ? ReceiveExpectations.v2(config.vrid(), localPriority, (int) config.advertInterval().toSeconds(),
                        advertised, config.authentication())
                : ReceiveExpectations.v3(config.family(), config.vrid(), localPriority, config.advertIntervalCentiseconds(),
                        advertised);
        return config.isUnicast() ? e.withUnicastPeers(new HashSet<>(config.unicastPeers())) : e;
    }

    /** Our advert at the given priority (0 = we stop participating). */
    VrrpAdvertisement advert(int priority) {
        return config.version() == 2
                ? VrrpAdvertisement.v2(config.vrid(), priority, (int) config.advertInterval().toSeconds(),
                        advertised, config.authentication().wireForm())
                : new VrrpAdvertisement(3, VrrpAdvertisement.TYPE_ADVERTISEMENT, config.vrid(), priority,
                        config.advertIntervalCentiseconds(), config.family(), advertised, VrrpAuthentication.none());
    }

    /** The v3 IPv4 checksum form adverts are sent with (both are accepted on receive). */
    ChecksumMode checksumMode() {
        return config.checksumMode();
    }

    /** The socket: the interface, the family, the group or the unicast peers, and protocol 51 for AH. */
    EndpointSpec endpointSpec() {
        EndpointSpec spec = config.isUnicast()
                ? EndpointSpec.unicast(config.interfaceName(), config.family(), config.unicastPeers())
                : EndpointSpec.multicast(config.interfaceName(), config.family());
        return config.authentication().isIpAuthHeader() ? spec.withIpsecAh() : spec;
    }
}
