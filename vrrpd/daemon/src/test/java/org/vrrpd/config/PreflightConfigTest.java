package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.config.ConfigErrorsTest.assertOneError;
import static org.vrrpd.config.ConfigErrorsTest.instance;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code preflight:}: the start-up listen window and on_incompatible, with their defaults and errors. */
class PreflightConfigTest {

    private static InstanceConfig only(String yaml) throws ConfigException {
        return ConfigLoaderTest.parse(yaml).instances().get(0);
    }

    @Test
    void default_shouldListenThreeIntervals_andOnlyWarn() throws Exception {
        PreflightConfig p = only(instance("")).preflight();
        assertEquals(PreflightConfig.DEFAULT, p);
        assertEquals(3, p.listenIntervals());
        assertFalse(p.hold());
    }

    @Test
    void hold_andAListenWindow_shouldBeRead() throws Exception {
        PreflightConfig p = only(instance("preflight: {listen_intervals: 5, on_incompatible: HOLD}")).preflight();
        assertEquals(new PreflightConfig(5, PreflightConfig.OnIncompatible.HOLD), p);
        assertTrue(p.hold());
    }

    @Test
    void listenZero_shouldTurnTheStartUpListenOff() throws Exception {
        assertEquals(0, only(instance("preflight: {listen_intervals: 0}")).preflight().listenIntervals());
    }

    @Test
    void listenOutOfRange_shouldNameItsLine() {
        assertOneError("vrrpd.yaml:7:7: instance 'mail' preflight listen_intervals 300 out of range 0..255 (advert"
                + " intervals; 0 = no start-up listen)", instance("preflight:\n  listen_intervals: 300"));
    }

    @Test
    void unknownOnIncompatible_shouldNameTheChoices() {
        assertOneError("vrrpd.yaml:7:7: instance 'mail' preflight on_incompatible 'block' is not warn or hold",
                instance("preflight:\n  on_incompatible: block"));
    }

    @Test
    void holdOnTheAddressOwner_shouldBeRefused() {
        assertOneError("vrrpd.yaml:8:7: instance 'mail' preflight on_incompatible: hold cannot apply to the address"
                + " owner (priority 255 is Master from start-up, RFC 9568 §6.4.1); use warn, or lower the priority",
                instance("priority: 255\npreflight:\n  on_incompatible: hold"));
    }

    @Test
    void changedPreflight_shouldBeAnInPlaceElectionChange() throws Exception {
        InstanceConfig a = only(instance(""));
        InstanceConfig b = only(instance("preflight: {on_incompatible: hold}"));
        assertEquals(Set.of(ConfigDiff.Aspect.ELECTION), ConfigDiff.protocolAspects(a, b));
        assertFalse(ConfigDiff.protocolAspects(a, a).contains(ConfigDiff.Aspect.ELECTION));
    }
}
