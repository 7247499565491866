package org.vrrpd.daemon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.NotifyConfig;

class ScriptRunnerTest {

    @Test
    void rootDaemon_shouldSwitchToTheScriptUserWithSetpriv() throws IOException {
        ScriptRunner r = ScriptRunner.forUser(0, "nobody", Duration.ofSeconds(1));
        long[] ids = ScriptRunner.lookup("nobody");
        assertEquals(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--init-groups", "--", "/bin/x"),
                r.command(List.of("/bin/x")));
    }

    @Test
    void rootDaemon_shouldRefuseToRunScripts_whenTheScriptUserDoesNotExist() throws InterruptedException {
        ScriptRunner r = ScriptRunner.forUser(0, "no-such-user-vrrpd-test", Duration.ofSeconds(1));
        assertThrows(IOException.class, () -> r.command(List.of("/bin/true")));
        ScriptRunner.Outcome o = r.run(List.of("/bin/true"));
        assertTrue(o.startError().orElse("").contains("no such user"), o.toString());
    }

    @Test
    void nonRootDaemon_shouldRunScriptsAsItself() throws IOException {
        assertEquals(List.of("/bin/x", "a"), ScriptRunner.forUser(1000, "whoever", Duration.ofSeconds(1))
                .command(List.of("/bin/x", "a")));
    }

    @Test
    void run_shouldReportExitCodeAndStartErrors() throws InterruptedException {
        ScriptRunner r = ScriptRunner.asSelf(Duration.ofSeconds(5));
        assertTrue(r.run(List.of("/bin/true")).ok());
        assertEquals(3, r.run(List.of("/bin/sh", "-c", "exit 3")).exitCode());
        assertTrue(r.run(List.of("/nonexistent/script")).startError().isPresent());
    }

    @Test
    void failingScript_shouldSayWhyWithTheFirstLineOfItsStderr() throws InterruptedException {
        ScriptRunner r = ScriptRunner.asSelf(Duration.ofSeconds(5));
        ScriptRunner.Outcome o = r.run(List.of("/bin/sh", "-c",
                "echo 'sudo: a terminal is required' >&2; echo second line >&2; exit 1"));
        assertEquals("exited 1: sudo: a terminal is required", o.failure());
        assertEquals("exited 2", r.run(List.of("/bin/sh", "-c", "exit 2")).failure());
        assertEquals("timed out and was killed",
                ScriptRunner.asSelf(Duration.ofMillis(100)).run(List.of("/bin/sleep", "5")).failure());
    }

    @Test
    void event_shouldMapStopAndBuildKeepalivedArguments() {
        NotifyConfig c = new NotifyConfig(List.of("/usr/local/bin/n", "x"), List.of("/m"), List.of(), List.of(),
                List.of("/s"));
        assertEquals("STOP", NotifyEvent.stateWord(org.vrrpd.fsm.VrrpState.INITIALIZE));
        NotifyEvent e = new NotifyEvent("VI_1", "STOP", 0, c);
        assertEquals(List.of("/s"), e.stateScript());
        assertEquals(List.of("/usr/local/bin/n", "x", "INSTANCE", "VI_1", "STOP", "0"), e.genericScript());
        assertEquals("INSTANCE \"VI_1\" STOP 0\n", e.fifoLine());
        assertEquals(List.of(), new NotifyEvent("VI_1", "BACKUP", 100, c).stateScript());
    }
}
