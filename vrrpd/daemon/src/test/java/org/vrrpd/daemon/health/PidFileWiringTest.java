package org.vrrpd.daemon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.runtime.CheckScheduler;
import org.vrrpd.check.runtime.ScheduledCheck;

/**
 * {@code pid_file} is a common setting: given to a check of any type (here a non-built-in one, as a plugin's
 * would be), it reaches the daemon's scheduler, which watches the process; a check without it watches nothing.
 */
class PidFileWiringTest {

    @Test
    void pidFile_ofACheckOfAnyType_shouldReachTheDaemonsScheduler() throws Exception {
        ManualCheckTime time = new ManualCheckTime();
        FakeChecks.Recorder router = new FakeChecks.Recorder();
        List<ScheduledCheck> scheduled = new ArrayList<>();
        try (HealthSupervisor supervisor = new HealthSupervisor(CheckPlugins.builtinOnly(), name -> true,
                (instance, checks, listener) -> {
                    scheduled.addAll(checks);
                    return new CheckScheduler(checks, listener, time, time, time.workers, 0);
                })) {
            supervisor.attach(HealthSupervisorTest.instance("    checks:\n"
                    + "      - {type: fake, name: mta, pid_file: /run/postfix/master.pid}\n"
                    + "      - {type: fake, name: web}\n"), router.tracking(150, new ManualCheckTime.Queue()));
        }
        assertEquals(Path.of("/run/postfix/master.pid"), scheduled.get(0).pidFile());
        assertNull(scheduled.get(1).pidFile());
    }
}
