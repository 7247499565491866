package org.vrrpd.daemon.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.status.CheckReport;
import org.vrrpd.status.InstanceStatus;

/** An instance's status record as built from a running driver, and the JSON {@code vrrpctl status} gets. */
class InstanceStatusesTest {

    private final DriverRig rig = new DriverRig();

    static CheckReport check(String name, boolean up, int delta) {
        return new CheckReport("vi", name, "fake", up, 1.0, up ? 1 : 0, up ? 0 : 1, delta, delta, "", Map.of(), false, null);
    }

    /** The document with what changes from run to run (times, packet counts) replaced by placeholders. */
    static String shape(InstanceStatus s) {
        String data = ControlProtocol.ok(s);
        return data.substring("{\"ok\":true,\"data\":".length(), data.length() - 1)
                .replaceAll("\"(since|at)\":\"[^\"]+\"", "\"$1\":\"T\"")
                .replaceAll("\"(advertsSent|advertsReceived)\":[0-9]+", "\"$1\":N");
    }

    @Test
    void backup_shouldShowItsMasterTheBreakdownAndItsLastTransition() throws Exception {
        DriverRig.Router r2 = rig.elected(200, 100).get(1);
        InstanceStatus s = InstanceStatuses.of(r2.driver, true, List.of(check("smtp", false, -60),
                check("track:eth1", true, 0)), r2.driver.since().plusMillis(1500));
        assertEquals("{\"name\":\"vi\",\"interface\":\"eth0\",\"vrid\":42,\"family\":\"ipv4\",\"version\":3,"
                + "\"state\":\"BACKUP\",\"since\":\"T\",\"inStateMs\":1500,\"maintenance\":true,"
                + "\"source\":\"192.0.2.2\",\"priority\":{\"base\":100,\"effective\":100,\"owner\":false,"
                + "\"contributions\":[{\"check\":\"smtp\",\"up\":false,\"delta\":-60},"
                + "{\"check\":\"track:eth1\",\"up\":true,\"delta\":0}],\"clamped\":false,\"faults\":[]},"
                + "\"master\":{\"address\":\"192.0.2.1\",\"priority\":200,\"adverIntervalCs\":10,\"self\":false},"
                + "\"vips\":[\"192.0.2.100/24\"],\"lastTransition\":{\"from\":\"INITIALIZE\",\"to\":\"BACKUP\","
                + "\"reason\":\"startup\",\"at\":\"T\"},\"counters\":{\"advertsSent\":N,\"advertsReceived\":N,"
                + "\"priorityZeroSent\":0,\"priorityZeroReceived\":0,\"transitions\":1,\"becameMaster\":0,"
                + "\"sendErrors\":0,\"vipRestored\":0,\"masterDownExpired\":0,\"drops\":{},\"observations\":{}}}",
                shape(s));
    }

    @Test
    void master_shouldNameItselfAsMaster_andFlagABreakdownOutsideOneTo254AsClamped() throws Exception {
        DriverRig.Router r1 = rig.elected(200).get(0);
        InstanceStatus s = InstanceStatuses.of(r1.driver, false, List.of(check("web", true, 100)),
                r1.driver.since());
        assertTrue(s.master().self());
        assertEquals("192.0.2.1", s.master().address());
        assertTrue(s.priority().clamped(), "200 + 100 is above 254");
        assertEquals(0, s.inStateMs());
        assertFalse(s.maintenance());
        assertEquals(1, s.counters().becameMaster());
    }
}
