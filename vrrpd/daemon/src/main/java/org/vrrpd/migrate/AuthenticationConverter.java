package org.vrrpd.migrate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/**
 * keepalived's {@code authentication { auth_type PASS|AH; auth_pass X }} of one instance, as vrrpd's
 * {@code authentication: {type: pass|ah, password: X}}. The password is copied as written: the loader cuts it to
 * 8 bytes with a warning, as keepalived does (for AH it is the HMAC key).
 */
final class AuthenticationConverter {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AuthenticationConverter() {
    }

    /** The {@code authentication:} value for an instance of {@code version}, or empty (with a warning why). */
    static Optional<ObjectNode> convert(KeepalivedImporter im, KeepalivedNode block, int version) {
        String type = null;
        String pass = null;
        for (KeepalivedNode c : block.children()) {
            switch (c.keyword()) {
                case "auth_type" -> type = c.arg(0);
                case "auth_pass" -> pass = c.arg(0);
                default -> im.unsupported(c, "authentication");
            }
        }
        if (version != 2) {
            im.warn(block, "authentication not carried over: the instance runs VRRPv3, which has no authentication"
                    + " (keepalived ignores it there too)");
            return Optional.empty();
        }
        String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
        if (!t.equals("PASS") && !t.equals("AH")) {
            im.warn(block, "authentication not carried over: auth_type " + (type == null ? "missing" : "'" + type + "'")
                    + " (keepalived knows PASS and AH)");
            return Optional.empty();
        }
        if (pass == null) {
            im.warn(block, "authentication not carried over: auth_type " + t + " without auth_pass");
            return Optional.empty();
        }
        ObjectNode n = F.objectNode();
        n.put("type", t.toLowerCase(Locale.ROOT));
        n.put("password", pass);
        im.warn(block, t.equals("PASS")
                ? "authentication PASS carried over with its password inline; it travels in clear in every"
                        + " advert and protects against misconfiguration only. Consider 'password_file' (docs/CONFIG.md)"
                : "authentication AH carried over with its key inline; HMAC-MD5 with a shared 8-byte key is weak"
                        + " and exists for mixed fleets during a migration. Consider 'password_file' (docs/CONFIG.md)");
        return Optional.of(n);
    }
}
