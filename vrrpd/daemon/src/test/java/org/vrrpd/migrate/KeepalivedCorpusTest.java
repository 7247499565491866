package org.vrrpd.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.ConfigException;
import org.vrrpd.config.ConfigLoader;
import org.vrrpd.config.ConfigProblem;

/**
 * Real keepalived.conf files from public repositories (listed with their origin in
 * {@code keepalived-corpus/SOURCES.tsv}; the files themselves are third-party data kept beside it, not in the
 * repository) go through the importer and then through the validation of {@code vrrpd config check}. None may
 * throw; at least 95 % of those with a VRRP part must pass; every other one must be refused by a message that
 * names its keepalived line ({@code file:line}) and what vrrpd lacks (files with only LVS blocks: "nothing to
 * import").
 */
class KeepalivedCorpusTest {

    private static final Pattern KEEPALIVED_LINE = Pattern.compile("^[^:]+\\.conf[^:]*:\\d+: .+");

    record Outcome(String file, String kind, String reason) {
    }

    /** Where SOURCES.tsv lists the files: beside it (test resources, not committed). */
    static Path corpus() throws URISyntaxException {
        return Path.of(KeepalivedCorpusTest.class.getResource("/keepalived-corpus/SOURCES.tsv").toURI()).getParent();
    }

    /** Where the files are: {@code $VRRPD_KEEPALIVED_CORPUS} when set (a copy kept outside the repository). */
    static Path files() throws URISyntaxException {
        String elsewhere = System.getenv("VRRPD_KEEPALIVED_CORPUS");
        return elsewhere == null || elsewhere.isBlank() ? corpus() : Path.of(elsewhere);
    }

    static List<String> listed(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("SOURCES.tsv"), StandardCharsets.UTF_8)) {
            String file = line.split("\t")[0];
            if (!file.equals("file") && !file.isBlank()) {
                files.add(file);
            }
        }
        return files;
    }

    static Outcome importOne(Path conf) {
        KeepalivedImporter.Result r;
        try {
            r = KeepalivedImporter.convert(conf, "corpus");
        } catch (IOException e) {
            return new Outcome(conf.getFileName().toString(), "unreadable", e.toString());
        } catch (RuntimeException e) {
            return new Outcome(conf.getFileName().toString(), "crash", e.toString());
        }
        String name = conf.getFileName().toString();
        List<String> problems = new ArrayList<>();
        try {
            ConfigLoader.parse(r.yaml(), name + ".yaml");
        } catch (ConfigException e) {
            e.problems().stream().map(ConfigProblem::toString).forEach(problems::add);
        } catch (RuntimeException e) {
            return new Outcome(name, "crash", "validation: " + e);
        }
        if (r.errors().isEmpty() && problems.isEmpty()) {
            return new Outcome(name, "passing", "");
        }
        if (!r.errors().isEmpty()) {
            boolean named = r.errors().stream().allMatch(e -> KEEPALIVED_LINE.matcher(e).matches());
            return new Outcome(name, named ? "refused" : "refused-without-line", String.join(" | ", r.errors()));
        }
        return new Outcome(name, "invalid", String.join(" | ", problems));
    }

    @Test
    void everyCorpusFile_shouldImportOrBeRefusedWithItsLineAndReason() throws Exception {
        Path dir = files();
        List<String> files = listed(corpus());
        long present = files.stream().filter(f -> Files.isRegularFile(dir.resolve(f))).count();
        Assumptions.assumeTrue(present > 0, "the corpus files listed in keepalived-corpus/SOURCES.tsv are not"
                + " present (third-party data kept out of the repository; set VRRPD_KEEPALIVED_CORPUS to a directory"
                + " holding them)");
        assertEquals(files.size(), present, "some listed corpus files are missing");
        List<Outcome> outcomes = files.stream().map(f -> importOne(dir.resolve(f))).toList();
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
        StringBuilder report = new StringBuilder("keepalived corpus: " + outcomes.size() + " files, " + counts
                + "\n");
        outcomes.stream().filter(o -> !o.kind().equals("passing"))
                .forEach(o -> report.append("  ").append(o.file()).append(": ").append(o.kind()).append(": ")
                        .append(o.reason()).append('\n'));
        System.out.print(report);
        int total = outcomes.size();
        int passing = counts.getOrDefault("passing", 0);
        int refused = counts.getOrDefault("refused", 0);
        long lvsOnly = outcomes.stream().filter(o -> o.reason().contains("nothing to import")).count();
        long vrrp = total - lvsOnly;
        System.out.printf("keepalived corpus: imported %d (%d with a VRRP part, %d LVS only), passing %d,"
                + " refused with reason %d (of which LVS only %d)%n", total, vrrp, lvsOnly, passing, refused, lvsOnly);
        assertEquals(0, counts.getOrDefault("crash", 0) + counts.getOrDefault("unreadable", 0), report.toString());
        assertEquals(total, passing + refused, "every file passes or is refused naming its keepalived line\n"
                + report);
        assertTrue(passing * 100 >= vrrp * 95, "at least 95 % of the files with a VRRP part import to a valid"
                + " configuration\n" + report);
    }
}
