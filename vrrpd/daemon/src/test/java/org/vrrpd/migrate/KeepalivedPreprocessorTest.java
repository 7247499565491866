package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived 2.2.7's read_line() rules (lib/parser.c), one test per rule. */
class KeepalivedPreprocessorTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private List<String> read(String text, String configId) {
        return new KeepalivedPreprocessor(configId, warnings, errors)
                .read(text.getBytes(StandardCharsets.UTF_8), "k.conf", dir).stream()
                .map(KeepalivedPreprocessor.Line::text).toList();
    }

    private List<KeepalivedPreprocessor.Line> readFile(Path file, String configId) throws Exception {
        return new KeepalivedPreprocessor(configId, warnings, errors).read(file);
    }

    @Test
    void definitions_shouldReplaceBracedAndBareReferences_andVanishThemselves() {
        List<String> out = read("$IF=eth1\n$VIP=192.0.2.10\ninterface $IF\nvirtual_ipaddress { ${VIP}/24 }\n"
                + "x $IFX ${IF}y $IF,z\n", null);
        assertEquals(List.of("interface eth1", "virtual_ipaddress { 192.0.2.10/24 }", "x $IFX eth1y eth1,z"), out);
    }

    @Test
    void aDefinition_mayNameAnother_andALaterOneReplacesIt() {
        assertEquals(List.of("a 10", "a 20"), read("$B=10\n$A=$B\na $A\n$B=20\na $A\n", null));
    }

    @Test
    void aMultiLineDefinition_shouldBeExpandedIntoItsLines_whereItEndsTheLine() {
        List<String> out = read("$PEERS=192.0.2.2 \\\n  192.0.2.3 \\\n  192.0.2.4\nunicast_peer {\n $PEERS\n}\n"
                + "x $PEERS y\n", null);
        assertEquals(List.of("unicast_peer {", "192.0.2.2", "192.0.2.3", "192.0.2.4", "}", "x $PEERS y"), out);
    }

    /** Eight levels of eight-line definitions would be 8^8 lines: refused once, with its line, not run out of memory. */
    @Test
    void definitionsThatMultiplyLines_shouldBeRefusedOnce_notExpandedWithoutLimit() {
        StringBuilder text = new StringBuilder("$L0=x\n");
        for (int level = 1; level <= 8; level++) {
            text.append("$L").append(level).append("=\\\n");
            for (int i = 0; i < 8; i++) {
                text.append(" $L").append(level - 1).append(i < 7 ? " \\\n" : "\n");
            }
            text.append("\n");
        }
        text.append("$L8\nvrrp_instance VI {\n}\n");
        List<String> out = read(text.toString(), null);
        assertTrue(out.size() <= 100_000, "expanded to " + out.size() + " lines");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("k.conf:") && errors.get(0).contains("expands to more than"), errors.get(0));
    }

    @Test
    void anEmptyLine_shouldEndAMultiLineDefinition() {
        assertEquals(List.of("b", "c"), read("$M=\\\nb \\\n\n$M\nc\n", null));
    }

    @Test
    void conditionalLines_shouldFollowTheConfigId() {
        String text = "@lb1 priority 150\n@lb2 priority 100\n@^lb1 weight 5\nplain\n";
        assertEquals(List.of("priority 150", "plain"), read(text, "lb1"));
        assertEquals(List.of("priority 100", "weight 5", "plain"), read(text, "lb2"));
        assertEquals(List.of("weight 5", "plain"), read(text, null), "no id: no @id line, every @^id line");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("[lb1, lb2]")), warnings.toString());
    }

    @Test
    void comments_shouldEndAtAnUnquotedHashOrBang_andBackslashEscapesThem() {
        assertEquals(List.of("notify \"/bin/echo a#b!c\"", "auth_pass x#y"),
                read("  notify \"/bin/echo a#b!c\" # comment\n! whole line\nauth_pass x\\#y ! note\n", null));
    }

    @Test
    void include_shouldBeRelativeToTheIncludingFile_atEveryLevel() throws Exception {
        Files.createDirectories(dir.resolve("conf.d/sub"));
        Files.writeString(dir.resolve("main.conf"), "a\ninclude conf.d/one.conf\nz\n");
        Files.writeString(dir.resolve("conf.d/one.conf"), "b\ninclude sub/two.conf\n");
        Files.writeString(dir.resolve("conf.d/sub/two.conf"), "c\n");
        List<KeepalivedPreprocessor.Line> out = readFile(dir.resolve("main.conf"), null);
        assertEquals(List.of("a", "b", "c", "z"), out.stream().map(KeepalivedPreprocessor.Line::text).toList());
        assertTrue(out.get(2).where().endsWith("conf.d/sub/two.conf:1"), out.get(2).where());
        assertEquals(List.of(), errors);
    }

    @Test
    void includeGlobs_shouldBeExpandedInSortedOrder_skippingDotFiles() throws Exception {
        Files.createDirectories(dir.resolve("d"));
        Files.writeString(dir.resolve("d/20-b.conf"), "second\n");
        Files.writeString(dir.resolve("d/10-a.conf"), "first\n");
        Files.writeString(dir.resolve("d/.hidden.conf"), "hidden\n");
        Files.writeString(dir.resolve("d/30-c.txt"), "other\n");
        Files.writeString(dir.resolve("main.conf"), "include d/*.conf\ninclude nothing/*.conf\n");
        assertEquals(List.of("first", "second"), readFile(dir.resolve("main.conf"), null).stream()
                .map(KeepalivedPreprocessor.Line::text).toList());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("main.conf:2: include nothing/*.conf: no file")),
                warnings.toString());
    }

    @Test
    void aMissingInclude_shouldBeAnErrorNamingTheLine_andTheRestStillRead() throws Exception {
        Files.writeString(dir.resolve("main.conf"), "a\n\ninclude missing.conf\nb\n");
        assertEquals(List.of("a", "b"), readFile(dir.resolve("main.conf"), null).stream()
                .map(KeepalivedPreprocessor.Line::text).toList());
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("main.conf:3: include missing.conf: no such file"), errors.toString());
    }

    @Test
    void bytesThatAreNotUtf8_shouldBeReadAsIso88591AndFlagged_neverRefused() throws Exception {
        byte[] bytes = "auth_pass caf\u00e9\n# comment \u00e9\nutf8 caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8Line = "utf8 caf\u00e9\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bytes.length - 10 + utf8Line.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length - 10);
        System.arraycopy(utf8Line, 0, all, bytes.length - 10, utf8Line.length);
        Files.write(dir.resolve("latin1.conf"), all);
        List<KeepalivedPreprocessor.Line> out = readFile(dir.resolve("latin1.conf"), null);
        assertEquals(List.of("auth_pass caf\u00e9", "utf8 caf\u00e9"), out.stream()
                .map(KeepalivedPreprocessor.Line::text).toList());
        assertTrue(out.get(0).latin1());
        assertTrue(!out.get(1).latin1());
    }

    @Test
    void crlfLineEnds_shouldBeDropped() {
        assertEquals(List.of("a b", "c"), read("a b\r\nc\r\n", null));
    }

    @Test
    void seqLoops_shouldBeAnErrorNamingTheLine() {
        read("x\n~SEQ(i, 1, 3) vrrp_instance VI_$i {\n", null);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("k.conf:2: ") && e.contains("~SEQ")), errors.toString());
    }

    @Test
    void aDefinitionNamingItself_shouldStopWithAnError_notLoop() {
        read("$A=x $A\nvalue $A\n", null);
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("k.conf:2: ") && e.contains("without end")),
                errors.toString());
    }
}
