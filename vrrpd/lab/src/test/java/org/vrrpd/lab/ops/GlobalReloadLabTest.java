package org.vrrpd.lab.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.LabProcess;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/**
 * {@code global:} changes on a running Master: the metrics listener moves, the control socket follows a new
 * admin_group, a notify_fifo change is reported as needing a restart, and a metrics port already in use refuses
 * the reload with the old listener still serving. No reload changes the instance's state.
 */
@Tag("lab")
class GlobalReloadLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    private static String metricsAt(int port) {
        return "  metrics:\n    listen: 127.0.0.1:" + port + "\n";
    }

    /** Whether r1's metrics endpoint answers on {@code port} (inside r1's namespace). */
    private static boolean serves(Routers o, int port) {
        try {
            return o.lab.exec("r1", "python3", "-c", "import urllib.request,sys;sys.stdout.write(urllib.request"
                    + ".urlopen('http://127.0.0.1:" + port + "/metrics', timeout=2).read().decode())")
                    .contains("vrrpd_adverts_sent_total");
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void globalReload_shouldMoveMetrics_followAdminGroup_reportNotifyFifo_andRefuseABusyPort() throws Exception {
        String instance = Ops.instance("vi", 42, 200, 200, 100, null);
        try (Routers o = Routers.of(Variant.V3_IPV4).withoutCapture().build();
             VrrpdNode r1 = VrrpdNode.start(o.lab, "r1", metricsAt(9651), instance)) {
            Poll.until("r1 Master", SETTLE, () -> r1.state("vi").equals("MASTER"));
            Poll.until("metrics on 9651", SETTLE, () -> serves(o, 9651));
            long transitions = r1.instance("vi").path("counters").path("transitions").asLong();

            String fifo = o.lab.file("r1-notify.fifo").toString();
            r1.rewrite(metricsAt(9652) + "  admin_group: daemon\n  notify_fifo: " + fifo + "\n", instance);
            Ops.CtlResult moved = Ops.vrrpctl(r1, "reload");
            System.out.println("global reload: " + moved.out().strip());
            assertEquals(0, moved.exit(), moved.err());
            assertTrue(moved.out().contains("global applied: admin_group, metrics"), moved.out());
            assertTrue(moved.out().contains("global needing a restart (still using the old values): notify_fifo"),
                    moved.out());
            assertTrue(serves(o, 9652), "the new metrics port does not answer");
            assertFalse(serves(o, 9651), "the old metrics port still answers");
            assertEquals("daemon", Files.getFileAttributeView(r1.socket(), PosixFileAttributeView.class)
                    .readAttributes().group().getName());
            assertTrue(r1.process().logText().contains("take effect only at the next restart"),
                    "no WARN for the restart-needed key");

            LabProcess busy = o.lab.spawn("r1", "busy-port", List.of("python3", "-c", "import socket,time;"
                    + "s=socket.socket();s.bind(('127.0.0.1',9653));s.listen();time.sleep(600)"));
            try {
                Poll.until("port 9653 taken", SETTLE, () -> o.lab.exec("r1", "ss", "-ltnH").contains(":9653"));
                r1.rewrite(metricsAt(9653) + "  admin_group: daemon\n  notify_fifo: " + fifo + "\n", instance);
                Ops.CtlResult refused = Ops.vrrpctl(r1, "reload");
                System.out.println("busy metrics port: exit " + refused.exit() + ", " + refused.err().strip());
                assertEquals(4, refused.exit());
                assertTrue(refused.err().contains("metrics: cannot listen on 127.0.0.1:9653"), refused.err());
                assertTrue(serves(o, 9652), "the old metrics listener stopped after a refused reload");
            } finally {
                busy.stop(Duration.ofSeconds(2));
            }
            assertEquals("MASTER", r1.state("vi"));
            assertEquals(transitions, r1.instance("vi").path("counters").path("transitions").asLong());
        }
    }
}
