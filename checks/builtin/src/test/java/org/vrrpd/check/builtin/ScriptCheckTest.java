package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckResult;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.check.testing.Poll;

class ScriptCheckTest {

    private static ScriptCheck script(Map<String, Object> yaml, int uid) throws CheckConfigException {
        ScriptConfig c = Configs.bind(yaml, ScriptConfig.class);
        c.setTimeout(Duration.ofMillis(500));
        return new ScriptCheck(c, uid);
    }

    private static final int NOT_ROOT = 4242;

    @Test
    void exitZero_shouldBeUp() throws Exception {
        assertTrue(script(Map.of("command", List.of("/bin/true")), NOT_ROOT).run(new FakeContext(Duration.ofSeconds(5))).up());
    }

    @Test
    void nonZeroExit_shouldBeDown_withCodeAndFirstStderrLine() throws Exception {
        CheckResult r = script(Map.of("command", List.of("/bin/sh", "-c", "echo 'queue too long' >&2; echo more >&2; exit 3")),
                NOT_ROOT).run(new FakeContext(Duration.ofSeconds(5)));
        assertFalse(r.up());
        assertEquals("exit 3: queue too long", r.message());
    }

    @Test
    void withoutShell_shellSyntaxIsJustAnArgument() throws Exception {
        CheckResult r = script(Map.of("command", List.of("/bin/echo", "$HOME;", "exit", "1")), NOT_ROOT)
                .run(new FakeContext(Duration.ofSeconds(5)));
        assertTrue(r.up(), r.message());
    }

    @Test
    void shellTrue_shouldRunThroughSh_withCleanEnvPlusConfigured() throws Exception {
        CheckResult r = script(Map.of("shell", true, "env", Map.of("LIMIT", "7"),
                "command", List.of("echo \"$LIMIT${HOME:-nohome}\" >&2; exit 2")), NOT_ROOT)
                .run(new FakeContext(Duration.ofSeconds(5)));
        assertEquals("exit 2: 7nohome", r.message());
    }

    @Test
    void timeout_shouldKillTheProcessTree() throws Exception {
        String marker = "31.4159";
        CheckResult r = script(Map.of("shell", true, "command", List.of("sleep " + marker + " & sleep " + marker + "; wait")),
                NOT_ROOT).run(new FakeContext(Duration.ofMillis(500)));
        assertEquals("timed out after 500ms, killed", r.message());
        Poll.until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains(marker)),
                Duration.ofSeconds(10), "the sleep children to be gone");
    }

    /** The next run must not start beside a dying script: a killed one is gone (reaped) when killTree returns. */
    @Test
    void killTree_returnsOnceTheKilledScriptIsGone() throws Exception {
        for (int i = 0; i < 5; i++) {
            Process p = new ProcessBuilder("sleep", "27.1828").start();
            ScriptProcesses.killTree(p);
            assertFalse(p.isAlive(), "run " + i + ": still there when killTree returned");
        }
    }

    @Test
    void asRoot_withoutUser_shouldBeRefused_unlessAllowed() throws Exception {
        CheckConfigException e = assertThrows(CheckConfigException.class,
                () -> script(Map.of("command", List.of("/bin/true")), 0));
        assertTrue(e.getMessage().startsWith("script check would run as root"), e.getMessage());
        assertEquals(List.of("/bin/true"), script(Map.of("command", List.of("/bin/true"), "allow_root", true), 0).argv());
        assertThrows(CheckConfigException.class, () -> script(Map.of("command", List.of("/bin/true"), "user", "root"), 0));
    }

    @Test
    void asRoot_withUser_shouldRunThroughSetpriv() throws Exception {
        ScriptCheck s = script(Map.of("command", List.of("/bin/true"), "user", "nobody"), 0);
        assertEquals(List.of("setpriv", "--reuid=65534", "--regid=65534", "--init-groups", "--", "/bin/true"), s.argv());
    }

    @Test
    void asRoot_withoutUser_shouldRunAsTheGlobalScriptUser() throws Exception {
        ScriptConfig c = Configs.bind(Map.of("command", List.of("/bin/true")), ScriptConfig.class);
        c.setDefaultUser("nobody");
        assertEquals(List.of("setpriv", "--reuid=65534", "--regid=65534", "--init-groups", "--", "/bin/true"),
                new ScriptCheck(c, 0).argv());
    }

    @Test
    void asRoot_ownUser_shouldWinOverTheGlobalScriptUser_andAllowRootWithoutUserStaysRoot() throws Exception {
        ScriptConfig own = Configs.bind(Map.of("command", List.of("/bin/true"), "user", "nobody"), ScriptConfig.class);
        own.setDefaultUser("root");
        assertEquals("--reuid=65534", new ScriptCheck(own, 0).argv().get(1));
        ScriptConfig root = Configs.bind(Map.of("command", List.of("/bin/true"), "allow_root", true),
                ScriptConfig.class);
        root.setDefaultUser("nobody");
        assertEquals(List.of("/bin/true"), new ScriptCheck(root, 0).argv());
    }

    @Test
    void asRoot_globalScriptUserThatIsRoot_shouldBeRefused_andNamedAsScriptUser() throws Exception {
        ScriptConfig c = Configs.bind(Map.of("command", List.of("/bin/true")), ScriptConfig.class);
        c.setDefaultUser("root");
        CheckConfigException e = assertThrows(CheckConfigException.class, () -> new ScriptCheck(c, 0));
        assertTrue(e.getMessage().contains("script_user 'root' is root"), e.getMessage());
    }

    @Test
    void notRoot_shouldIgnoreTheGlobalScriptUser_andRunAsItself() throws Exception {
        ScriptConfig c = Configs.bind(Map.of("command", List.of("/bin/true")), ScriptConfig.class);
        c.setDefaultUser("nobody");
        assertEquals(List.of("/bin/true"), new ScriptCheck(c, NOT_ROOT).argv());
    }

    @Test
    void notRoot_withAnotherUser_shouldBeAConfigError() {
        CheckConfigException e = assertThrows(CheckConfigException.class,
                () -> script(Map.of("command", List.of("/bin/true"), "user", "nobody"), NOT_ROOT));
        assertTrue(e.getMessage().contains("the daemon is not root"), e.getMessage());
    }

    @Test
    void runningAsRoot_shouldReallyDropToTheUser() throws Exception {
        assumeTrue(SecretFiles.currentUid() == 0, "needs root");
        Map<String, Object> yaml = new HashMap<>(Map.of("shell", true, "user", "nobody",
                "command", List.of("id -u >&2; exit 1")));
        CheckResult r = script(yaml, 0).run(new FakeContext(Duration.ofSeconds(5)));
        assertEquals("exit 1: 65534", r.message());
    }
}
