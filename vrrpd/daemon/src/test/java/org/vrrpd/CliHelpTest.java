package org.vrrpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vrrpd.ctl.Vrrpctl;
import org.vrrpd.daemon.Main;
import picocli.CommandLine;

/**
 * {@code --help} works on every command and subcommand of both CLIs (walked from their picocli models, so a new
 * subcommand is covered without editing this test): exit 0, a usage text on standard output, nothing on error.
 */
class CliHelpTest {

    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(new CommandLine(new Vrrpctl()), new ArrayList<>(List.of("vrrpctl")), paths);
        walk(new CommandLine(new Main()), new ArrayList<>(List.of("vrrpd")), paths);
        return paths.stream();
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (var sub : cl.getSubcommands().entrySet()) {
            if (!sub.getKey().equals(sub.getValue().getCommandName())) {
                continue; // an alias of a subcommand already walked
            }
            path.add(sub.getKey());
            walk(sub.getValue(), path, out);
            path.remove(path.size() - 1);
        }
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commandPaths")
    void help_shouldExitZeroAndPrintTheUsage(List<String> path) {
        CommandLine cl = new CommandLine(path.get(0).equals("vrrpd") ? new Main() : new Vrrpctl());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(path.subList(1, path.size()));
        args.add("--help");
        int exit = cl.execute(args.toArray(String[]::new));
        assertEquals(0, exit, "exit of " + path + " --help; stderr: " + err);
        assertTrue(out.toString().contains("Usage: " + String.join(" ", path) + " "), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void theWalk_shouldReachNestedSubcommands() {
        List<List<String>> paths = commandPaths().toList();
        assertTrue(paths.contains(List.of("vrrpd", "config", "check")), paths.toString());
        assertTrue(paths.contains(List.of("vrrpctl", "import-keepalived")), paths.toString());
        assertTrue(paths.size() >= 10, paths.toString());
    }
}
