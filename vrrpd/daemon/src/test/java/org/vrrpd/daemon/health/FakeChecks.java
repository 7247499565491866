package org.vrrpd.daemon.health;

import org.vrrpd.daemon.instance.HealthTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.ScheduledCheck;

/** Hand-written checks and a recording {@link HealthTarget} for the health tests. */
final class FakeChecks {

    private FakeChecks() {
    }

    /** A check whose outcome the test sets. */
    static final class Switch implements Check {
        final AtomicBoolean up = new AtomicBoolean(true);

        @Override
        public CheckResult run(org.vrrpd.check.api.CheckContext context) {
            return up.get() ? CheckResult.up(Duration.ofMillis(3), "ok") : CheckResult.down(Duration.ofMillis(2),
                    "connection refused");
        }
    }

    static ScheduledCheck scheduled(String name, Check check, int weight) {
        return new ScheduledCheck(name, check, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, weight);
    }

    static InstanceHealth.Checks checks(ScheduledCheck... list) {
        Map<String, String> types = new java.util.HashMap<>();
        for (ScheduledCheck c : list) {
            types.put(c.name(), "fake");
        }
        return new InstanceHealth.Checks(List.of(list), types, List.of());
    }

    /** Records what the health did to its router, and on which thread. */
    static final class Recorder implements HealthTarget {
        final List<String> calls = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final Map<String, String> faults = new java.util.LinkedHashMap<>();
        int priority = -1;

        @Override
        public void priorityChanged(int effective) {
            calls.add("priority " + effective);
            threads.add(Thread.currentThread());
            priority = effective;
        }

        @Override
        public void faultSource(String source, String reasonOrNull) {
            calls.add((reasonOrNull == null ? "clear " : "fault ") + source);
            threads.add(Thread.currentThread());
            if (reasonOrNull == null) {
                faults.remove(source);
            } else {
                faults.put(source, reasonOrNull);
            }
        }
    }
}
