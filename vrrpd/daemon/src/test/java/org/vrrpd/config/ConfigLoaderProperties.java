package org.vrrpd.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the file holds, the loader returns a configuration or a ConfigException; nothing else escapes. */
class ConfigLoaderProperties {

    private static final List<String> FULL_LINES;

    static {
        try {
            FULL_LINES = ConfigLoaderTest.resource("full.yaml").lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property
    void arbitraryText_shouldNeverThrowUnchecked(@ForAll("yamlish") String text) {
        parseQuietly(text);
    }

    @Property
    void mutatedFullConfig_shouldNeverThrowUnchecked(@ForAll("mutations") String text) {
        parseQuietly(text);
    }

    private static void parseQuietly(String text) {
        try {
            ConfigLoader.parse(text, "fuzz.yaml", TestChecks.types());
        } catch (ConfigException expected) {
            if (expected.problems().isEmpty()) {
                throw new AssertionError("a ConfigException without problems");
            }
        }
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.strings().withChars(" \n-:[]{},#&*!|>'\"%@`?abcvrid0123456789./_~")
                .ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> line = Arbitraries.integers().between(0, FULL_LINES.size() - 1);
        Arbitrary<String> replacement = Arbitraries.of("", "~", "[]", "{}", "-1", "0", "256", "99999999999",
                "1.5", "x", "\"\"", "[a, b]", "{a: 1}", "2001:db8::1", "192.0.2.999/99", "1e400", "- x", ": :");
        Arbitrary<Integer> mode = Arbitraries.integers().between(0, 2);
        return Combinators.combine(line, replacement, mode).as((i, r, m) -> {
            List<String> lines = new ArrayList<>(FULL_LINES);
            String l = lines.get(i);
            int colon = l.indexOf(": ");
            if (m == 0) {
                lines.remove((int) i);
            } else if (m == 1 && colon >= 0) {
                lines.set(i, l.substring(0, colon + 2) + r);
            } else {
                lines.set(i, l.replaceAll("[^ -]", "") + r);
            }
            return String.join("\n", lines);
        });
    }
}
