package org.vrrpd.lab.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vrrpd.lab.fixture.Routers.awaitState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vrrpd.lab.fixture.Lab;
import org.vrrpd.lab.fixture.Poll;
import org.vrrpd.lab.fixture.Routers;
import org.vrrpd.lab.fixture.Variant;
import org.vrrpd.lab.fixture.VrrpdNode;

/** A tracked file (keepalived's track_file): writing a number into it moves the priority, and so the VIP. */
@Tag("lab")
class TrackFileLabTest {

    static final Duration SETTLE = Duration.ofSeconds(20);

    @BeforeAll
    static void needsLab() {
        assumeTrue(Lab.available(), "needs root and iproute2");
    }

    private static int priority(VrrpdNode node) {
        return node.instance(Routers.NAME).path("priority").path("effective").asInt(-1);
    }

    @Test
    void writingANumber_shouldMoveTheVip_andWritingZeroMovesItBack() throws Exception {
        try (Routers p = Routers.of(Variant.V3_IPV4).build()) {
            Path weight = p.lab.workDir().resolve("r1.weight");
            String track = "    track_files:\n      - {name: load, file: " + weight + ", weight: -2, init_file: 0}\n";
            try (VrrpdNode r1 = p.vrrpd(1, 150, track); VrrpdNode r2 = p.vrrpd(2, 100, null)) {
                awaitState(r1, "MASTER", SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
                p.awaitVipOnlyOn(1, SETTLE);
                assertEquals("0\n", Files.readString(weight), "init_file created the file with 0");
                assertEquals(150, priority(r1));

                long t0 = System.nanoTime();
                Files.writeString(weight, "30\n"); // 30 x -2 = -60: 150 -> 90, below r2's 100
                Poll.until("r1 at priority 90", SETTLE, () -> priority(r1) == 90);
                p.awaitVipOnlyOn(2, SETTLE);
                System.out.printf("track_file: write -> VIP on r2 in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                assertEquals("BACKUP", r1.state(Routers.NAME));

                Files.writeString(weight, "0\n");
                Poll.until("r1 back at priority 150", SETTLE, () -> priority(r1) == 150);
                p.awaitVipOnlyOn(1, SETTLE);
                awaitState(r2, "BACKUP", SETTLE);
            }
        }
    }
}
