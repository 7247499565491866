package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a keepalived.conf holds, the importer returns a result (YAML, warnings, errors) and never throws: random
 * bytes, and random lines made of keepalived's own syntax (blocks, definitions, @id lines, includes, quotes,
 * comments, continuations).
 */
class KeepalivedImporterProperties {

    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("keepalived-props");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeepalivedImporter.Result convertBytes(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(DIR, "k", ".conf");
        try {
            Files.write(f, bytes);
            return KeepalivedImporter.convert(f, "lb1");
        } finally {
            Files.delete(f);
        }
    }

    @Property(tries = 300)
    void randomBytes_giveAResult_neverAnException(@ForAll @Size(max = 600) byte[] bytes) throws IOException {
        KeepalivedImporter.Result r = convertBytes(bytes);
        assertNotNull(r.yaml());
    }

    @Property(tries = 500)
    void randomKeepalivedSyntax_givesAResult_neverAnException(@ForAll("lines") List<String> lines)
            throws IOException {
        KeepalivedImporter.Result r = convertBytes(String.join("\n", lines).getBytes(
                StandardCharsets.ISO_8859_1));
        assertNotNull(r.yaml());
        assertTrue(r.errors().stream().allMatch(e -> e.contains(": ")), r.errors().toString());
    }

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> word = Arbitraries.of("vrrp_instance", "VI_1", "VI_1", "{", "}", "interface", "eth0",
                "virtual_router_id", "51", "priority", "300", "-1", "virtual_ipaddress", "192.0.2.1/24",
                "2001:db8::1", "fe80::1", "unicast_peer", "192.0.2.2/24", "$A=", "$A", "${A}", "${_PWD}", "$B=x \\",
                "\\", "@lb1", "@^lb1", "@", "include", "*.conf", "k*", "missing.conf", "\"", "\"quoted", "#", "!",
                "\\#", "~SEQ(i,1,3)", "notify_master", "/bin/true", "state", "MASTER", "authentication",
                "auth_type", "AH", "PASS", "auth_pass", "caf\u00e9", "vrrp_sync_group", "group", "track_script",
                "vrrp_script", "script", "weight", "virtual_server", "global_defs", "vrrp_version", "2", "3", "");
        Arbitrary<String> line = word.list().ofMaxSize(6).map(ws -> String.join(" ", ws));
        return line.list().ofMaxSize(40);
    }
}
