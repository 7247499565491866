package org.vrrpd.check.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.testkit.CheckConfigs;
import org.vrrpd.check.testkit.CheckRuns;
import org.vrrpd.check.testkit.FakeCheckContext;
import org.vrrpd.check.testkit.ManualClock;
import org.vrrpd.check.testkit.PluginVerifier;

/** The file_flag check tested the way the daemon binds and runs it, with the vrrpd check test kit. */
class FileFlagCheckTest {

    @TempDir
    Path tmp;

    static Check create(String yaml) throws CheckConfigException {
        return new FileFlagCheck.Factory().create(CheckConfigs.bind(FileFlagConfig.class, yaml));
    }

    @Test
    void aMisspeltKey_isRefused_namingItAndTheKnownKeys() {
        CheckConfigException e = assertThrows(CheckConfigException.class,
                () -> CheckConfigs.bind(FileFlagConfig.class, "{name: drain, pth: /etc/vrrpd/maintenance}"));
        assertTrue(e.getMessage().startsWith("unknown key 'pth'"), e.getMessage());
        assertTrue(e.getMessage().contains("path") && e.getMessage().contains("up_when"), e.getMessage());
    }

    @Test
    void aWrongType_isRefused_namingTheKey() {
        CheckConfigException e = assertThrows(CheckConfigException.class,
                () -> CheckConfigs.bind(FileFlagConfig.class, "{name: drain, path: /x, weight: heavy}"));
        assertTrue(e.getMessage().startsWith("'weight': "), e.getMessage());
        CheckConfigException badEnum = assertThrows(CheckConfigException.class,
                () -> CheckConfigs.bind(FileFlagConfig.class, "{name: drain, path: /x, up_when: sometimes}"));
        assertTrue(badEnum.getMessage().startsWith("'up_when': "), badEnum.getMessage());
    }

    @Test
    void durations_bindAsOperatorsWriteThem() throws Exception {
        FileFlagConfig c = CheckConfigs.bind(FileFlagConfig.class,
                "{type: file_flag, name: drain, path: /x, interval: 250ms, timeout: 1s, weight: -60}");
        assertEquals(Duration.ofMillis(250), c.interval());
        assertEquals(Duration.ofSeconds(1), c.timeout());
        assertEquals(-60, c.weight());
        assertEquals(FileFlagConfig.UpWhen.ABSENT, c.upWhen(), "the default");
    }

    @Test
    void theFactory_refusesARelativePath_withItsOwnMessage() {
        CheckConfigException e = assertThrows(CheckConfigException.class, () -> create("{name: d, path: x}"));
        assertEquals("file_flag check: path must be an absolute file name", e.getMessage());
    }

    @Test
    void upWhenAbsent_isUpWithoutTheFlag_andDownWithIt() throws Exception {
        Path flag = tmp.resolve("maintenance");
        Check check = create("{name: drain, path: " + flag + "}");
        assertTrue(CheckRuns.runOnce(check, new FakeCheckContext()).up());
        Files.createFile(flag);
        CheckResult r = CheckRuns.runOnce(check, new FakeCheckContext());
        assertFalse(r.up());
        assertEquals("flag " + flag + " present", r.message());
    }

    @Test
    void aRunThatEndsPastItsDeadline_countsAsTimedOut_onTheManualClock() throws Exception {
        Check check = create("{name: drain, path: " + tmp.resolve("absent") + ", timeout: 1s}");
        ManualClock clock = new ManualClock();
        FakeCheckContext context = new FakeCheckContext(clock, Duration.ofSeconds(1));
        clock.tickOnRead(Duration.ofMillis(600)); // a slow file system: every look at the clock costs 600 ms
        CheckResult r = CheckRuns.runOnce(check, context);
        assertFalse(r.up(), "the check said up, but after its deadline: " + r);
        assertEquals("timed out after 1s", r.message());
        clock.tickOnRead(Duration.ZERO);
        assertTrue(CheckRuns.runOnce(check, new FakeCheckContext(clock, Duration.ofSeconds(1))).up(),
                "within its deadline it is up");
    }

    @Test
    void theBuiltPlugin_loadsThroughTheDaemonsPluginLoader_andRunsOnce() throws Exception {
        Path classes = Path.of("target", "classes");
        CheckResult r = PluginVerifier.runOnce(classes, "{type: file_flag, name: drain, path: " + tmp.resolve("f")
                + "}");
        assertTrue(r.up(), r.toString());
        assertEquals("flag " + tmp.resolve("f") + " absent", r.message());
        CheckConfigException e = assertThrows(CheckConfigException.class,
                () -> PluginVerifier.runOnce(classes, "{type: file_flag, name: drain, path: rel}"));
        assertEquals("file_flag check: path must be an absolute file name", e.getMessage());
        CheckConfigException unknown = assertThrows(CheckConfigException.class,
                () -> PluginVerifier.runOnce(classes, "{type: file_flags, name: drain, path: /x}"));
        assertTrue(unknown.getMessage().contains("provides [file_flag]"), unknown.getMessage());
    }
}
