package org.vrrpd.daemon.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.runtime.ScheduledCheck;
import org.vrrpd.daemon.track.InstanceTracking;
import org.vrrpd.daemon.track.PriorityBreakdown;

/** Hand-written checks and a recording router for the health tests. */
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

    /** Records what the instance's tracking handed to its router, and on which thread. */
    static final class Recorder implements Consumer<PriorityBreakdown> {
        final List<String> calls = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        /** Fault reasons by source ({@code smtp}, {@code track:eth2}), as the router was last told. */
        final Map<String, String> faults = new LinkedHashMap<>();
        int priority = -1;
        String fault;

        /** The instance's tracking, handing its output to this recorder through {@code loop}. */
        InstanceTracking tracking(int base, Executor loop) {
            return new InstanceTracking(base, loop, this);
        }

        @Override
        public void accept(PriorityBreakdown b) {
            calls.add("priority " + b.effective());
            threads.add(Thread.currentThread());
            priority = b.effective();
            if (!Objects.equals(fault, b.faultReason())) {
                calls.add(b.fault() ? "fault " + b.faultReason() : "clear");
                fault = b.faultReason();
            }
            faults.clear();
            int i = 0;
            for (PriorityBreakdown.Contribution c : b.contributions()) {
                if (c.weight() == 0 && !c.up()) {
                    faults.put(c.source(), b.faultReasons().get(i++));
                }
            }
        }
    }
}
