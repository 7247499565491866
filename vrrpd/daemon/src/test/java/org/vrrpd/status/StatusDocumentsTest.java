package org.vrrpd.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vrrpd.control.ControlException;
import org.vrrpd.control.ControlProtocol;
import org.vrrpd.fsm.VrrpState;

/**
 * The JSON documents of the control socket, pinned byte for byte: operators script against
 * {@code vrrpctl status --json}, {@code checks --json} and {@code history --json}, so field names, their order,
 * nesting and value formats (timestamps as ISO-8601 text, states by name, nulls written out) must not drift.
 * Each document is also read back into the record it came from, as {@code vrrpctl} does.
 */
class StatusDocumentsTest {

    static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant AT = Instant.parse("2026-01-01T00:00:01.250Z");

    static final StatusReply STATUS = new StatusReply("1.0", 42, 61000, "/etc/vrrpd/vrrpd.yaml", null,
            new KernelFilterStatus(true, true, 7, 3, List.of("192.0.2.10")), List.of(
            new InstanceStatus("mail", "eth0", "vrrp.51", 51, "ipv4", 3, null, VrrpState.MASTER, SINCE, 75000, false,
                    "192.0.2.1", new PriorityStatus(150, 90, false, List.of(
                            new PriorityContribution("smtp25", false, -60),
                            new PriorityContribution("track:eth1", true, 0)), false, List.of()),
                    new MasterStatus("192.0.2.1", 90, 100, true), List.of("192.0.2.10/24", "192.0.2.11/24"),
                    new LastTransition(VrrpState.BACKUP, VrrpState.MASTER, "master down timer fired", AT),
                    new CounterStatus(120, 3, 0, 1, 2, 1, 0, 1, 1, sorted(Map.of("ttl_not_255", 4L, "vrid_mismatch", 17L)),
                            Map.of("advert_interval_mismatch", 2L)), null),
            new InstanceStatus("web6", "eth0", null, 52, "ipv6", 3, null, VrrpState.FAULT, SINCE, 1000, true, "fe80::1",
                    new PriorityStatus(100, 100, false, List.of(), false, List.of("interface eth0 is down")),
                    null, List.of("2001:db8::10/64"), null, new CounterStatus(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(),
                            Map.of()), null)));

    static final String STATUS_JSON = "{\"version\":\"1.0\",\"pid\":42,\"uptimeMs\":61000,"
            + "\"config\":\"/etc/vrrpd/vrrpd.yaml\",\"configError\":null,"
            + "\"kernelFilter\":{\"table\":true,\"vrrpGuard\":true,\"guardDrops\":7,\"acceptModeDrops\":3,"
            + "\"filteredVips\":[\"192.0.2.10\"]},\"instances\":["
            + "{\"name\":\"mail\",\"interface\":\"eth0\",\"vmacInterface\":\"vrrp.51\",\"vrid\":51,\"family\":\"ipv4\","
            + "\"version\":3,\"state\":\"MASTER\",\"since\":\"2026-01-01T00:00:00Z\",\"inStateMs\":75000,"
            + "\"maintenance\":false,\"source\":\"192.0.2.1\","
            + "\"priority\":{\"base\":150,\"effective\":90,\"owner\":false,\"contributions\":["
            + "{\"check\":\"smtp25\",\"up\":false,\"delta\":-60},{\"check\":\"track:eth1\",\"up\":true,\"delta\":0}],"
            + "\"clamped\":false,\"faults\":[]},"
            + "\"master\":{\"address\":\"192.0.2.1\",\"priority\":90,\"adverIntervalCs\":100,\"self\":true},"
            + "\"vips\":[\"192.0.2.10/24\",\"192.0.2.11/24\"],"
            + "\"lastTransition\":{\"from\":\"BACKUP\",\"to\":\"MASTER\",\"reason\":\"master down timer fired\","
            + "\"at\":\"2026-01-01T00:00:01.250Z\"},"
            + "\"counters\":{\"advertsSent\":120,\"advertsReceived\":3,\"priorityZeroSent\":0,"
            + "\"priorityZeroReceived\":1,\"transitions\":2,\"becameMaster\":1,\"sendErrors\":0,\"vipRestored\":1,"
            + "\"masterDownExpired\":1,"
            + "\"drops\":{\"ttl_not_255\":4,\"vrid_mismatch\":17},\"observations\":{\"advert_interval_mismatch\":2}}},"
            + "{\"name\":\"web6\",\"interface\":\"eth0\",\"vrid\":52,\"family\":\"ipv6\",\"version\":3,"
            + "\"state\":\"FAULT\",\"since\":\"2026-01-01T00:00:00Z\",\"inStateMs\":1000,\"maintenance\":true,"
            + "\"source\":\"fe80::1\",\"priority\":{\"base\":100,\"effective\":100,\"owner\":false,"
            + "\"contributions\":[],\"clamped\":false,\"faults\":[\"interface eth0 is down\"]},"
            + "\"master\":null,\"vips\":[\"2001:db8::10/64\"],\"lastTransition\":null,"
            + "\"counters\":{\"advertsSent\":0,\"advertsReceived\":0,\"priorityZeroSent\":0,"
            + "\"priorityZeroReceived\":0,\"transitions\":0,\"becameMaster\":0,\"sendErrors\":0,\"vipRestored\":0,"
            + "\"masterDownExpired\":0,"
            + "\"drops\":{},\"observations\":{}}}]}";

    static final ChecksReply CHECKS = new ChecksReply(List.of(
            new CheckReport("mail", "smtp25", "smtp", false, 2003.5, 0, 3, -60, -60, "no banner within 2s",
                    Map.of("server", "mx1", "code", "421"), true, AT),
            new CheckReport("mail", "track:eth1", "interface", true, null, 0, 0, 0, 0, "link up", Map.of(), false,
                    null)));

    static final String CHECKS_JSON = "{\"checks\":["
            + "{\"instance\":\"mail\",\"name\":\"smtp25\",\"type\":\"smtp\",\"up\":false,\"latencyMs\":2003.5,"
            + "\"consecutiveOk\":0,\"consecutiveFail\":3,\"weight\":-60,\"delta\":-60,"
            + "\"message\":\"no banner within 2s\",\"detail\":{\"code\":\"421\",\"server\":\"mx1\"},"
            + "\"inFlight\":true,\"lastRun\":\"2026-01-01T00:00:01.250Z\"},"
            + "{\"instance\":\"mail\",\"name\":\"track:eth1\",\"type\":\"interface\",\"up\":true,\"latencyMs\":null,"
            + "\"consecutiveOk\":0,\"consecutiveFail\":0,\"weight\":0,\"delta\":0,\"message\":\"link up\","
            + "\"detail\":{},\"inFlight\":false,\"lastRun\":null}]}";

    static final HistoryReply HISTORY = new HistoryReply(List.of(
            new HistoryEntry(SINCE, "mail", VrrpState.INITIALIZE, VrrpState.BACKUP, 150, "startup"),
            new HistoryEntry(AT, "mail", VrrpState.BACKUP, VrrpState.MASTER, 150, "master down timer fired")));

    static final String HISTORY_JSON = "{\"transitions\":["
            + "{\"at\":\"2026-01-01T00:00:00Z\",\"instance\":\"mail\",\"from\":\"INITIALIZE\",\"to\":\"BACKUP\","
            + "\"priority\":150,\"reason\":\"startup\"},"
            + "{\"at\":\"2026-01-01T00:00:01.250Z\",\"instance\":\"mail\",\"from\":\"BACKUP\",\"to\":\"MASTER\","
            + "\"priority\":150,\"reason\":\"master down timer fired\"}]}";

    static Map<String, Long> sorted(Map<String, Long> m) {
        return new TreeMap<>(m);
    }

    static String data(Object record) {
        String reply = ControlProtocol.ok(record);
        String head = "{\"ok\":true,\"data\":";
        assertEquals(head, reply.substring(0, head.length()));
        return reply.substring(head.length(), reply.length() - 1);
    }

    static <T> T readBack(String json, Class<T> type) throws Exception {
        return ControlProtocol.read(ControlProtocol.JSON.readTree(json), type);
    }

    @Test
    void status_shouldBeWrittenWithItsPublishedFieldNamesOrderAndFormats() {
        assertEquals(STATUS_JSON, data(STATUS));
    }

    @Test
    void status_shouldReadBackIntoTheSameRecords() throws Exception {
        assertEquals(STATUS, readBack(STATUS_JSON, StatusReply.class));
    }

    @Test
    void status_withASyncGroup_shouldListItAfterTheInstances_andReadBack() throws Exception {
        StatusReply s = new StatusReply("1.0", 42, 5, "/etc/vrrpd/vrrpd.yaml", null, KernelFilterStatus.NONE,
                List.of(), List.of(new SyncGroupStatus("mail", VrrpState.MASTER,
                "mail6 BACKUP -> MASTER (master down timer expired)", AT, List.of(
                new SyncGroupStatus.Member("mail", VrrpState.MASTER, false, false),
                new SyncGroupStatus.Member("mail6", VrrpState.MASTER, false, false)))));
        String json = data(s);
        assertEquals(",\"instances\":[],\"syncGroups\":[{\"name\":\"mail\",\"state\":\"MASTER\",\"reason\":"
                + "\"mail6 BACKUP -> MASTER (master down timer expired)\",\"since\":\"2026-01-01T00:00:01.250Z\","
                + "\"members\":[{\"name\":\"mail\",\"state\":\"MASTER\",\"ownFault\":false,\"waiting\":false},"
                + "{\"name\":\"mail6\",\"state\":\"MASTER\",\"ownFault\":false,\"waiting\":false}]}]}",
                json.substring(json.indexOf(",\"instances\"")));
        assertEquals(s, readBack(json, StatusReply.class));
    }

    @Test
    void status_withAConfigError_shouldCarryTheReason() {
        StatusReply s = new StatusReply("1.0", 42, 5, "/etc/vrrpd/vrrpd.yaml", "vrrpd.yaml:3:7: vrid 300",
                KernelFilterStatus.NONE, List.of());
        assertEquals("{\"version\":\"1.0\",\"pid\":42,\"uptimeMs\":5,\"config\":\"/etc/vrrpd/vrrpd.yaml\","
                + "\"configError\":\"vrrpd.yaml:3:7: vrid 300\",\"kernelFilter\":{\"table\":false,\"vrrpGuard\":false,"
                + "\"guardDrops\":0,\"acceptModeDrops\":0,\"filteredVips\":[]},\"instances\":[]}", data(s));
    }

    @Test
    void checks_shouldBeWrittenWithItsPublishedFieldNamesOrderAndFormats() throws Exception {
        assertEquals(CHECKS_JSON, data(CHECKS));
        assertEquals(CHECKS, readBack(CHECKS_JSON, ChecksReply.class));
    }

    @Test
    void history_shouldBeWrittenWithItsPublishedFieldNamesOrderAndFormats() throws Exception {
        assertEquals(HISTORY_JSON, data(HISTORY));
        assertEquals(HISTORY, readBack(HISTORY_JSON, HistoryReply.class));
    }

    @Test
    void reloadMaintenanceAndVersion_shouldKeepTheirShapes() throws Exception {
        ReloadSummary reload = new ReloadSummary(List.of("a", "b"), List.of("c", "e"), List.of(), List.of("d"),
                List.of("e"), List.of("log_level", "metrics"), List.of("notify_fifo"));
        String reloadJson = "{\"unchanged\":[\"a\",\"b\"],\"changed\":[\"c\",\"e\"],\"added\":[],"
                + "\"removed\":[\"d\"],\"replaced\":[\"e\"],\"global\":[\"log_level\",\"metrics\"],"
                + "\"restartNeeded\":[\"notify_fifo\"]}";
        assertEquals(reloadJson, data(reload));
        assertEquals(reload, readBack(reloadJson, ReloadSummary.class));
        // a reply from a daemon older than the global lists still reads, with both lists empty
        assertEquals(ReloadSummary.ofInstances(List.of("a"), List.of(), List.of(), List.of(), List.of()),
                readBack("{\"unchanged\":[\"a\"],\"changed\":[],\"added\":[],\"removed\":[],\"replaced\":[]}",
                        ReloadSummary.class));
        assertEquals("{\"instances\":[\"mail\"]}", data(new MaintenanceReply(List.of("mail"))));
        assertEquals("{\"version\":\"1.0\",\"pid\":42,\"uptimeMs\":5000}", data(new VersionReply("1.0", 42, 5000)));
    }

    @Test
    void readingAnOlderOrNewerDocument_shouldIgnoreUnknownFields_andReadMissingListsAsEmpty() throws Exception {
        StatusReply s = readBack("{\"version\":\"2.0\",\"futureField\":1,\"instances\":[{\"name\":\"x\","
                + "\"state\":\"SOMETHING_NEW\",\"priority\":{\"base\":1}}]}", StatusReply.class);
        assertEquals("x", s.instances().get(0).name());
        assertNull(s.instances().get(0).state());
        assertEquals(List.of(), s.instances().get(0).vips());
        assertEquals(List.of(), s.instances().get(0).priority().contributions());
    }

    @Test
    void aReplyThatIsNotTheRecord_shouldBeATypedRejection() {
        ControlException e = assertThrows(ControlException.class,
                () -> readBack("{\"instances\":\"not a list\"}", StatusReply.class));
        assertEquals("bad_reply", e.code());
    }
}
