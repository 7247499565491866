package org.vrrpd.check.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HostCodecProperties {

    private static final Set<String> COUNTERS = Set.of("too_long", "not_json", "unknown_op", "bad_field");

    @Property
    void everyMessage_shouldDecodeToItself_fromOneLine(@ForAll("messages") HostMessage m) {
        String line = HostCodec.encode(m);
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        HostCodec.Decoded d = HostCodec.decode(line);
        assertEquals(new HostCodec.Decoded.Ok(m), d);
    }

    @Property
    void anyLine_shouldDecodeOrBeRejectedWithAStableCounter_neverThrow(@ForAll("garbage") String line) {
        HostCodec.Decoded d = HostCodec.decode(line);
        if (d instanceof HostCodec.Decoded.Rejected r) {
            assertTrue(COUNTERS.contains(r.counter()), r.counter());
            assertFalse(r.reason().isBlank());
        }
    }

    @Property
    void aMessageWithOneFieldMangled_shouldBeRejectedAsBadField(@ForAll("messages") HostMessage m,
                                                                  @ForAll("wrongValues") Object wrong) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(HostCodec.encode(m));
        List<String> fields = List.of("id", "seq", "up", "timeoutMs", "latencyUs", "reason", "pid", "types", "type");
        String field = fields.stream().filter(n::has).findFirst().orElseThrow();
        n.set(field, new ObjectMapper().valueToTree(wrong));
        HostCodec.Decoded d = HostCodec.decode(n.toString());
        assertInstanceOf(HostCodec.Decoded.Rejected.class, d, n.toString());
        assertEquals("bad_field", ((HostCodec.Decoded.Rejected) d).counter());
    }

    @Provide
    Arbitrary<Object> wrongValues() {
        return Arbitraries.of(List.of(1, 2), Map.of("a", 1), -1.5, Boolean.TRUE);
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> messagesMangled = messages().map(HostCodec::encode)
                .flatMap(s -> Arbitraries.integers().between(0, s.length()).map(cut -> s.substring(0, cut)));
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200), messagesMangled,
                Arbitraries.of("{}", "[]", "null", "{\"op\":1}", "{\"op\":\"nope\"}", "Terminating due to "
                        + "java.lang.OutOfMemoryError: Java heap space", "{\"op\":\"run\",\"id\":1}"),
                Arbitraries.strings().withChars('x').ofLength(HostCodec.MAX_LINE + 1));
    }

    @Provide
    Arbitrary<HostMessage> messages() {
        Arbitrary<Long> ids = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<ObjectNode> configs = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                text).ofMaxSize(4).map(m -> {
                    ObjectNode n = new ObjectMapper().createObjectNode();
                    m.forEach(n::put);
                    return n;
                });
        Arbitrary<Map<String, String>> details = Arbitraries.maps(text, text).ofMaxSize(3);
        return Arbitraries.oneOf(
                Combinators.combine(ids, text, configs).as(HostMessage.Create::new),
                Combinators.combine(ids, ids, Arbitraries.longs().between(0, 1_000_000)).as(HostMessage.Run::new),
                ids.map(HostMessage.Close::new),
                Combinators.combine(ids, text.list().ofMaxSize(3)).as(HostMessage.Hello::new),
                Combinators.combine(ids, text.injectNull(0.5)).as(HostMessage.Created::new),
                Combinators.combine(ids, ids, Arbitraries.of(true, false), Arbitraries.longs().between(0, 1L << 40),
                        text, details).as(HostMessage.Result::new),
                Combinators.combine(ids, Arbitraries.of("DEBUG", "INFO", "WARNING", "ERROR"), text)
                        .as(HostMessage.Log::new),
                text.map(HostMessage.Fatal::new));
    }
}
