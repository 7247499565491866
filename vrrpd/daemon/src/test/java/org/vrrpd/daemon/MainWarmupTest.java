package org.vrrpd.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.daemon.tuning.StartupWarmup;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@link StartupWarmup#worthIt} decides from the raw arguments, before picocli runs, whether {@link Main} runs the
 * daemon. Its list of one-shot arguments is checked here against Main's own command-line model, so a one-shot
 * option or subcommand added to Main without it fails this test.
 */
class MainWarmupTest {

    private final CommandSpec spec = new CommandLine(new Main()).getCommandSpec();

    @Test
    void everyOneShotOptionAndSubcommandOfMain_skipsTheWarmUp() {
        List<String> oneShot = new ArrayList<>(spec.subcommands().keySet());
        for (OptionSpec o : spec.options()) {
            boolean exitsEarly = o.usageHelp() || o.versionHelp() || o.longestName().equals("--check-config");
            if (exitsEarly) {
                oneShot.addAll(List.of(o.names()));
            }
        }
        assertTrue(oneShot.containsAll(List.of("config", "-t", "--check-config", "-h", "--help", "-V", "--version")),
                "Main's model changed: " + oneShot);
        for (String arg : oneShot) {
            assertFalse(StartupWarmup.worthIt(new String[] {arg}), arg + " runs no daemon but would warm up");
        }
    }

    @Test
    void theDaemonsOwnOptions_warmUp() {
        for (OptionSpec o : spec.options()) {
            if (!o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--check-config")) {
                assertTrue(StartupWarmup.worthIt(new String[] {o.longestName(), "value"}), o.longestName());
            }
        }
    }
}
