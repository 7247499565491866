package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Two specs are the same check when type, name, settings and the factory's class match. */
class CheckSpecTest {

    static final ObjectNode SETTINGS = new ObjectMapper().createObjectNode().put("port", 25);

    /** Another class for the same type: what a new version of a plugin, in its own class loader, looks like. */
    static final class NewVersion extends TestChecks.Factory<TestChecks.Smtp> {
        NewVersion() {
            super("smtp", TestChecks.Smtp.class);
        }
    }

    static CheckSpec spec(TestChecks.Factory<TestChecks.Smtp> factory) {
        return new CheckSpec("smtp", "smtp25", new TestChecks.Smtp(), factory, SETTINGS);
    }

    @Test
    void sameSettingsAndFactoryClass_areEqual_whateverTheInstances() {
        CheckSpec a = spec(new TestChecks.Factory<>("smtp", TestChecks.Smtp.class));
        CheckSpec b = spec(new TestChecks.Factory<>("smtp", TestChecks.Smtp.class));
        assertEquals(a, b, "a reload rediscovers factories: still the same check");
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void aNewVersionOfThePlugin_isAnotherCheck_evenWithTheSameSettings() {
        CheckSpec running = spec(new TestChecks.Factory<>("smtp", TestChecks.Smtp.class));
        CheckSpec upgraded = spec(new NewVersion());
        assertNotEquals(running, upgraded, "an upgrade must replace the check, so its new code runs");
    }
}
