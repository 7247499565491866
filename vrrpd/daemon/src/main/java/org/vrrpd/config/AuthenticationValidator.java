package org.vrrpd.config;

import java.nio.file.Path;
import java.util.Locale;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * {@code authentication:} of one instance: VRRPv2's simple password (RFC 2338 §5.3.6 / keepalived's
 * {@code auth_type PASS}), given inline or read from a private secrets file. It protects against nothing but
 * misconfiguration (the password travels in clear in every advert); it exists so a vrrpd node can share a
 * segment with keepalived nodes that have it configured. keepalived's IPsec-AH form and VRRPv3 are refused.
 */
final class AuthenticationValidator {

    private static final String KEY = "/authentication";

    private final Findings findings;
    private final String base;
    private final String ctx;

    AuthenticationValidator(Findings findings, String base, String ctx) {
        this.findings = findings;
        this.base = base;
        this.ctx = ctx;
    }

    /** The authentication to send and expect; {@link VrrpAuthentication#none()} when absent or in error. */
    VrrpAuthentication validate(RawConfig.Authentication raw, int version) {
        if (raw == null) {
            return VrrpAuthentication.none();
        }
        if (version != 2) {
            error(KEY, "authentication is a VRRPv2 feature; VRRPv3 (RFC 9568) has none. Remove 'authentication'"
                    + " or set 'version: 2' (keepalived speaks VRRPv2 unless vrrp_version 3 is set)");
            return VrrpAuthentication.none();
        }
        String type = raw.type == null ? "" : raw.type.toLowerCase(Locale.ROOT);
        switch (type) {
            case "pass" -> {
                return password(raw);
            }
            case "ah" -> error(KEY + "/type", "authentication type 'ah' (keepalived's IPsec-AH) is not implemented"
                    + " by vrrpd; an instance without it would run as a second Master beside AH peers. Switch the"
                    + " keepalived peers to 'auth_type PASS' first, or remove authentication on both sides");
            case "" -> error(KEY, "authentication needs 'type: pass'");
            default -> error(KEY + "/type", "authentication type '" + raw.type + "' is not pass (or keepalived's ah,"
                    + " which vrrpd does not implement)");
        }
        return VrrpAuthentication.none();
    }

    private VrrpAuthentication password(RawConfig.Authentication raw) {
        if ((raw.password == null) == (raw.passwordFile == null)) {
            error(KEY, "authentication type pass needs exactly one of 'password' or 'password_file'");
            return VrrpAuthentication.none();
        }
        String key = raw.password != null ? KEY + "/password" : KEY + "/password_file";
        String password = raw.password;
        if (raw.passwordFile != null) {
            try {
                password = SecretFiles.read(Path.of(raw.passwordFile));
            } catch (CheckConfigException | RuntimeException e) {
                error(key, "authentication password_file: " + e.getMessage());
                return VrrpAuthentication.none();
            }
        }
        if (password.isEmpty()) {
            error(key, "authentication password is empty");
            return VrrpAuthentication.none();
        }
        if (VrrpAuthentication.exceedsDataLength(password)) {
            findings.warn(base + key, ctx + "authentication password is longer than 8 bytes; only the first 8 are"
                    + " sent and compared, as keepalived does ('Truncating auth_pass to 8 characters')");
        }
        return VrrpAuthentication.simplePasswordTruncated(password);
    }

    private void error(String key, String reason) {
        findings.error(base + key, ctx + reason);
    }
}
