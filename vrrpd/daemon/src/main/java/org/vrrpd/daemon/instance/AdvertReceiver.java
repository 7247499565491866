package org.vrrpd.daemon.instance;

import java.util.Optional;
import org.vrrpd.daemon.instance.InstanceDriver.MasterInfo;
import org.vrrpd.fsm.Event;
import org.vrrpd.fsm.VrrpState;
import org.vrrpd.wire.AcceptedAdvertisement;
import org.vrrpd.wire.IpEnvelope;
import org.vrrpd.wire.ReceiveExpectations;
import org.vrrpd.wire.VrrpAdvertisement;

/**
 * An {@link InstanceDriver}'s receive path: the AH or plain intake, the preflight hold's step-down, and the
 * accepted advert handed to the state machine, the announcements and the master bookkeeping. Protocol thread only.
 */
final class AdvertReceiver {

    private final InstanceDriver driver;
    private final AdvertIntake intake;
    private final PreflightGate preflight;
    private final InterfaceBinding binding;
    private final ActiveSide active;

    AdvertReceiver(InstanceDriver driver, AdvertIntake intake, PreflightGate preflight, InterfaceBinding binding,
                   ActiveSide active) {
        this.driver = driver;
        this.intake = intake;
        this.preflight = preflight;
        this.binding = binding;
        this.active = active;
    }

    /** A packet from the transport: validated by the codec, then judged by the state machine. */
    void onPacket(IpEnvelope envelope, byte[] payload, ReceiveExpectations expectations, Optional<AhSession> ah) {
        AcceptedAdvertisement a = ah.isEmpty() ? intake.accept(envelope, payload, expectations, binding.source())
                : intake.acceptAh(envelope, payload, expectations, binding.source(), ah.get(),
                        driver.state() == VrrpState.MASTER);
        Optional<String> hold = driver.state() == VrrpState.MASTER ? preflight.holdReason() : Optional.empty();
        if (hold.isPresent()) { // a second Master that cannot hear us: leave it the VIPs, wait as Backup
            driver.handle(new Event.FaultRaised(hold.get()), "preflight");
            driver.handle(new Event.FaultCleared(), "preflight");
        }
        if (a == null) {
            return;
        }
        VrrpAdvertisement ad = a.advertisement();
        VrrpState before = driver.state();
        driver.handle(new Event.AdvertReceived(envelope.source(), ad.priority(), ad.maxAdverIntervalCentis()),
                "advert");
        active.afterAdvert(envelope.source(), ad.priority(), before, driver.state(), driver.effectivePriority());
        if (driver.state() == VrrpState.BACKUP) {
            // the master is whoever we are waiting on now; a priority-0 sender has just left
            driver.heardMaster(ad.priority() == 0 ? null
                    : new MasterInfo(envelope.source(), ad.priority(), ad.maxAdverIntervalCentis()));
        }
    }
}
