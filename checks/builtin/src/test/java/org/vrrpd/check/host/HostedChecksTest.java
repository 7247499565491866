package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

class HostedChecksTest {

    /** {@code mode}: ok, throw, block (until released, ignoring interrupts). */
    public static final class ModeConfig extends CheckConfig {
        @JsonProperty("mode")
        public String mode = "ok";
        @JsonProperty("pause")
        public Duration pause = Duration.ZERO;
    }

    static final CountDownLatch RELEASE = new CountDownLatch(1);

    static final class ModeFactory implements CheckFactory<ModeConfig> {
        @Override
        public String type() {
            return "mode";
        }

        @Override
        public Class<ModeConfig> configClass() {
            return ModeConfig.class;
        }

        @Override
        public Check create(ModeConfig c) throws CheckConfigException {
            if (c.mode.equals("refuse")) {
                throw new CheckConfigException("mode refuse is refused");
            }
            return ctx -> switch (c.mode) {
                case "throw" -> throw new IllegalStateException("boom");
                case "log" -> {
                    ctx.logger().log(System.Logger.Level.WARNING, "queue at {0} of {1}", 90, 100);
                    yield CheckResult.up(Duration.ZERO, "logged");
                }
                case "block" -> {
                    while (RELEASE.getCount() > 0) {
                        try {
                            RELEASE.await();
                        } catch (InterruptedException e) {
                            // ignores interrupts on purpose
                        }
                    }
                    yield CheckResult.up(Duration.ZERO, "released");
                }
                default -> CheckResult.up(Duration.ZERO, "ok after " + c.pause.toMillis() + "ms")
                        .withDetail(java.util.Map.of("interval", c.interval().toString()));
            };
        }
    }

    private final BlockingQueue<HostMessage> out = new LinkedBlockingQueue<>();
    private final HostedChecks checks = new HostedChecks(List.of(new ModeFactory()), out::add);

    private HostMessage next() throws InterruptedException {
        HostMessage m = out.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no answer within 5s");
        }
        return m;
    }

    private static ObjectNode entry(String mode) {
        return new ObjectMapper().createObjectNode().put("type", "mode").put("name", "m").put("mode", mode)
                .put("interval", "250ms").put("pause", "1.5s");
    }

    @Test
    void create_shouldBindTheYamlEntry_withDurations_andRunAnswerWithTheResult() throws Exception {
        checks.handle(new HostMessage.Create(1, "mode", entry("ok")));
        assertNull(((HostMessage.Created) next()).error());
        checks.handle(new HostMessage.Run(1, 7, 1000));
        HostMessage.Result r = (HostMessage.Result) next();
        assertEquals(7, r.seq());
        assertTrue(r.up());
        assertEquals("ok after 1500ms", r.message());
        assertEquals("PT0.25S", r.detail().get("interval"));
    }

    @Test
    void refusedOrUnknownType_shouldAnswerCreatedWithTheError_andRunsDownWithIt() throws Exception {
        checks.handle(new HostMessage.Create(1, "mode", entry("refuse")));
        assertEquals("mode refuse is refused", ((HostMessage.Created) next()).error());
        checks.handle(new HostMessage.Run(1, 1, 1000));
        assertEquals("check could not be created: mode refuse is refused", ((HostMessage.Result) next()).message());
        checks.handle(new HostMessage.Create(2, "nope", entry("ok")));
        assertEquals("this plugin has no check type 'nope'", ((HostMessage.Created) next()).error());
    }

    @Test
    void throwingRun_shouldAnswerDownWithTheException() throws Exception {
        checks.handle(new HostMessage.Create(1, "mode", entry("throw")));
        next();
        checks.handle(new HostMessage.Run(1, 1, 1000));
        HostMessage.Result r = (HostMessage.Result) next();
        assertFalse(r.up());
        assertEquals("check threw IllegalStateException: boom", r.message());
    }

    @Test
    void hungRun_shouldTimeOut_andLaterRunsAnswerStillInFlight_withoutStartingAnother() throws Exception {
        checks.handle(new HostMessage.Create(1, "mode", entry("block")));
        next();
        checks.handle(new HostMessage.Run(1, 1, 100));
        HostMessage.Result timedOut = (HostMessage.Result) next();
        assertEquals(1, timedOut.seq());
        assertEquals("timed out after 100ms", timedOut.message());
        checks.handle(new HostMessage.Run(1, 2, 100));
        HostMessage.Result second = (HostMessage.Result) next();
        assertEquals(2, second.seq());
        assertTrue(second.message().startsWith("previous run still in flight for "), second.message());
        RELEASE.countDown();
        checks.handle(new HostMessage.Close(1));
        assertNull(out.poll(200, TimeUnit.MILLISECONDS), "the late result of run 1 is not sent");
    }

    @Test
    void aChecksOwnLogLine_goesToTheDaemon_asALogMessageForItsId() throws Exception {
        ObjectNode config = new ObjectMapper().createObjectNode().put("name", "q").put("mode", "log");
        checks.handle(new HostMessage.Create(7, "mode", config));
        assertNull(((HostMessage.Created) next()).error());
        checks.handle(new HostMessage.Run(7, 1, 2000));
        assertEquals(new HostMessage.Log(7, "WARNING", "queue at 90 of 100"), next());
        assertTrue(((HostMessage.Result) next()).up());
    }
}
