package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HostCodecTest {

    private static String counter(String line) {
        return ((HostCodec.Decoded.Rejected) HostCodec.decode(line)).counter();
    }

    @Test
    void jvmOutputOnTheProtocolStream_shouldBeRejectedAsNotJson() {
        assertEquals("not_json", counter("Terminating due to java.lang.OutOfMemoryError: Java heap space"));
        assertEquals("not_json", counter("[1,2]"));
        assertEquals("not_json", counter(""));
    }

    @Test
    void unknownOp_shouldBeRejectedAsUnknownOp() {
        assertEquals("unknown_op", counter("{\"op\":\"reboot\"}"));
    }

    @Test
    void missingOrMistypedFields_shouldBeRejectedAsBadField() {
        assertEquals("bad_field", counter("{\"id\":1}"));
        assertEquals("bad_field", counter("{\"op\":\"run\",\"id\":1,\"seq\":2}"));
        assertEquals("bad_field", counter("{\"op\":\"run\",\"id\":1,\"seq\":2,\"timeoutMs\":-5}"));
        assertEquals("bad_field", counter("{\"op\":\"result\",\"id\":1,\"seq\":2,\"up\":\"yes\",\"latencyUs\":0,"
                + "\"message\":\"\"}"));
        assertEquals("bad_field", counter("{\"op\":\"create\",\"id\":1,\"type\":\"x\",\"config\":[]}"));
    }

    @Test
    void overlongLine_shouldBeRejectedAsTooLong() {
        assertEquals("too_long", counter("x".repeat(HostCodec.MAX_LINE + 1)));
    }
}
