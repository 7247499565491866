package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The shipped configurations pass {@code vrrpd config check}, exactly as an operator would run it. */
class MailConfigCheckTest {

    private static final Path CONF = Path.of("..", "..", "conf");

    @ParameterizedTest
    @ValueSource(strings = {"mail01.yaml", "mail02.yaml", "vrrpd.yaml"})
    void configCheck_shouldExitZero_forTheShippedConfigurations(String name) {
        Path file = CONF.resolve(name);
        assertTrue(Files.isRegularFile(file), file.toAbsolutePath().toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("config", "check", file.toString());
        assertEquals(0, code, "stderr: " + err);
        assertTrue(out.toString().contains(": OK, " + (name.equals("vrrpd.yaml") ? 0 : 2) + " instance(s)"),
                out.toString());
    }
}
