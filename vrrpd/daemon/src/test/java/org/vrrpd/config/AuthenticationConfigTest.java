package org.vrrpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.config.ConfigErrorsTest.assertOneError;
import static org.vrrpd.config.ConfigErrorsTest.instance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vrrpd.wire.VrrpAuthentication;

/** {@code authentication:}: VRRPv2 simple password or keepalived's AH, inline or from a private file; v3 refused. */
class AuthenticationConfigTest {

    private static InstanceConfig only(String yaml) throws ConfigException {
        return ConfigLoaderTest.parse(yaml).instances().get(0);
    }

    @Test
    void authentication_shouldBeNoneByDefault() throws Exception {
        assertEquals(VrrpAuthentication.none(), only(instance("version: 2")).authentication());
    }

    @Test
    void passWithInlinePassword_shouldSendAndRequireThatPassword() throws Exception {
        InstanceConfig c = only(instance("version: 2\nauthentication:\n  type: pass\n  password: s3cret"));
        assertEquals(VrrpAuthentication.simplePassword("s3cret"), c.authentication());
    }

    @Test
    void typeIsCaseInsensitive_likeKeepalivedsAuthType() throws Exception {
        InstanceConfig c = only(instance("version: 2\nauthentication: {type: PASS, password: s3cret}"));
        assertEquals(VrrpAuthentication.simplePassword("s3cret"), c.authentication());
    }

    @Test
    void passwordLongerThanEightBytes_shouldBeTruncatedLikeKeepalived_withAWarningAtItsLine() throws Exception {
        VrrpdConfig config = ConfigLoaderTest.parse(
                instance("version: 2\nauthentication:\n  type: pass\n  password: 0123456789abc"));
        assertEquals(VrrpAuthentication.simplePassword("01234567"), config.instances().get(0).authentication());
        assertEquals(1, config.warnings().size(), config.warnings().toString());
        assertEquals(9, config.warnings().get(0).line());
        assertTrue(config.warnings().get(0).reason().contains("only the first 8 are sent"));
    }

    @Test
    void passwordFile_shouldBeReadWhenPrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vrrp-pass");
        Files.writeString(file, "fromfile\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        InstanceConfig c = only(instance("version: 2\nauthentication:\n  type: pass\n  password_file: " + file));
        assertEquals(VrrpAuthentication.simplePassword("fromfile"), c.authentication());
    }

    @Test
    void passwordFileReadableByOthers_shouldBeAnErrorAtItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vrrp-pass");
        Files.writeString(file, "fromfile\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertOneError("vrrpd.yaml:9:7: instance 'mail' authentication password_file: secret file " + file
                + " has mode 0644; it must not be accessible by group or others (chmod 600 " + file + ")",
                instance("version: 2\nauthentication:\n  type: pass\n  password_file: " + file));
    }

    @Test
    void passwordAndPasswordFileTogether_shouldBeAnError() {
        assertOneError("vrrpd.yaml:7:5: instance 'mail' authentication type pass needs exactly one of 'password' or"
                + " 'password_file'", instance("version: 2\nauthentication:\n  type: pass\n  password: a\n"
                + "  password_file: /etc/vrrpd/pass"));
    }

    @Test
    void authenticationOnVrrpV3_shouldBeAnErrorNamingItsLine() {
        assertOneError("vrrpd.yaml:6:5: instance 'mail' authentication is a VRRPv2 feature; VRRPv3 (RFC 9568) has"
                + " none. Remove 'authentication' or set 'version: 2' (keepalived speaks VRRPv2 unless vrrp_version 3"
                + " is set)", instance("authentication:\n  type: pass\n  password: s3cret"));
    }

    @Test
    void typeAh_shouldKeyKeepalivedsIpsecAhWithThePassword_andSpeakProtocol51() throws Exception {
        InstanceConfig c = only(instance("version: 2\nauthentication:\n  type: ah\n  password: s3cret"));
        assertEquals(VrrpAuthentication.ipAuthHeader("s3cret"), c.authentication());
        assertTrue(c.authentication().isIpAuthHeader());
        assertEquals(VrrpAuthentication.ipAuthHeader(), c.authentication().wireForm());
    }

    @Test
    void ahKeyLongerThanEightBytes_shouldBeTruncatedLikeKeepalived_withAWarningSayingItIsTheKey() throws Exception {
        VrrpdConfig config = ConfigLoaderTest.parse(
                instance("version: 2\nauthentication:\n  type: AH\n  password: 0123456789abc"));
        assertEquals(VrrpAuthentication.ipAuthHeader("01234567"), config.instances().get(0).authentication());
        assertTrue(config.warnings().get(0).reason().contains("only the first 8 are used as the HMAC key"),
                config.warnings().toString());
    }

    @Test
    void ahWithoutPassword_shouldBeAnError() {
        assertOneError("vrrpd.yaml:7:5: instance 'mail' authentication type ah needs exactly one of 'password' or"
                + " 'password_file'", instance("version: 2\nauthentication:\n  type: ah"));
    }

    @Test
    void switchingFromPassToAh_shouldBeAProtocolChange_appliedInPlace() throws Exception {
        InstanceConfig before = only(instance("version: 2\nauthentication: {type: pass, password: one}"));
        InstanceConfig after = only(instance("version: 2\nauthentication: {type: ah, password: one}"));
        assertFalse(before.sameProtocolSettings(after));
        ConfigDiff.Change change = new ConfigDiff.Change(before, after, ConfigDiff.protocolAspects(before, after));
        assertFalse(change.needsNewRouter());
    }

    @Test
    void unknownType_shouldBeAnError() {
        assertOneError("vrrpd.yaml:8:7: instance 'mail' authentication type 'md5' is neither pass nor ah"
                + " (keepalived's auth_type PASS and AH)", instance("version: 2\nauthentication:\n  type: md5\n  password: x"));
    }

    @Test
    void unknownKeyInAuthentication_shouldBeAnError() {
        String error = ConfigErrorsTest.errors(instance("version: 2\nauthentication:\n  type: pass\n  pass: x"))
                .get(0);
        assertTrue(error.startsWith("vrrpd.yaml:9:"), error);
        assertTrue(error.contains("pass"), error);
    }

    @Test
    void changingThePassword_shouldBeAProtocolChange_appliedInPlace() throws Exception {
        InstanceConfig before = only(instance("version: 2\nauthentication: {type: pass, password: one}"));
        InstanceConfig after = only(instance("version: 2\nauthentication: {type: pass, password: two}"));
        assertFalse(before.sameProtocolSettings(after));
        ConfigDiff.Change change = new ConfigDiff.Change(before, after, ConfigDiff.protocolAspects(before, after));
        assertEquals(Set.of(ConfigDiff.Aspect.TRANSPORT), change.aspects());
        assertFalse(change.needsNewRouter());
    }

    @Test
    void toString_shouldNotPrintThePassword() throws Exception {
        InstanceConfig c = only(instance("version: 2\nauthentication: {type: pass, password: s3cret}"));
        assertFalse(c.toString().contains("s3cret"), c.toString());
    }

    @Test
    void toString_shouldNotPrintTheAhKey() throws Exception {
        InstanceConfig c = only(instance("version: 2\nauthentication: {type: ah, password: s3cret}"));
        assertFalse(c.toString().contains("s3cret") || c.toString().contains("733363726574"), c.toString());
    }
}
