package org.vrrpd.config;

import java.nio.file.Path;
import java.util.Locale;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.SecretFiles;
import org.vrrpd.wire.VrrpAuthentication;

/**
 * {@code authentication:} of one instance: VRRPv2's simple password (RFC 2338 §5.3.6 / keepalived's
 * {@code auth_type PASS}) or keepalived's IPsec-AH form ({@code auth_type AH}, HMAC-MD5-96 keyed with the same
 * 8-byte password), the password given inline or read from a private secrets file. PASS protects against nothing
 * but misconfiguration (the password travels in clear in every advert), AH with a shared key and MD5 is weak;
 * both exist so a vrrpd node can share a segment with keepalived nodes that have them configured. VRRPv3 is
 * refused.
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
                String password = password(raw, type);
                return password == null ? VrrpAuthentication.none()
                        : VrrpAuthentication.simplePasswordTruncated(password);
            }
            case "ah" -> {
                String password = password(raw, type);
                return password == null ? VrrpAuthentication.none() : VrrpAuthentication.ipAuthHeader(password);
            }
            case "" -> error(KEY, "authentication needs 'type: pass' or 'type: ah'");
            default -> error(KEY + "/type", "authentication type '" + raw.type + "' is neither pass nor ah"
                    + " (keepalived's auth_type PASS and AH)");
        }
        return VrrpAuthentication.none();
    }

    /** The password (or AH key source), or null after reporting why there is none. */
    private String password(RawConfig.Authentication raw, String type) {
        if ((raw.password == null) == (raw.passwordFile == null)) {
            error(KEY, "authentication type " + type + " needs exactly one of 'password' or 'password_file'");
            return null;
        }
        String key = raw.password != null ? KEY + "/password" : KEY + "/password_file";
        String password = raw.password;
        if (raw.passwordFile != null) {
            try {
                password = SecretFiles.read(Path.of(raw.passwordFile));
            } catch (CheckConfigException | RuntimeException e) {
                error(key, "authentication password_file: " + e.getMessage());
                return null;
            }
        }
        if (password.isEmpty()) {
            error(key, "authentication password is empty");
            return null;
        }
        if (VrrpAuthentication.exceedsDataLength(password)) {
            findings.warn(base + key, ctx + "authentication password is longer than 8 bytes; only the first 8 are"
                    + (type.equals("ah") ? " used as the HMAC key" : " sent and compared")
                    + ", as keepalived does ('Truncating auth_pass to 8 characters')");
        }
        return password;
    }

    private void error(String key, String reason) {
        findings.error(base + key, ctx + reason);
    }
}
