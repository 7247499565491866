package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * {@code type: imap}: {@code host}, {@code port} (default 143, or 993 for implicit TLS), {@code tls}
 * (none|starttls|implicit), {@code user} and {@code password_file} of a probe account (the file must be 0600),
 * {@code auth} (login|plain), {@code mailbox} (optional SELECT), {@code tls_verify}, {@code ca_file}. Without a
 * user the check stops after the greeting (and STARTTLS).
 */
public class ImapConfig extends MailServerConfig {

    /** How to log in. */
    public enum Auth {
        @JsonProperty("login") LOGIN,
        @JsonProperty("plain") PLAIN
    }

    @JsonProperty("user")
    private String user;

    @JsonProperty("password_file")
    private Path passwordFile;

    @JsonProperty("auth")
    private Auth auth = Auth.LOGIN;

    @JsonProperty("mailbox")
    private String mailbox;

    public String user() {
        return user;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public Auth auth() {
        return auth;
    }

    public String mailbox() {
        return mailbox;
    }

    @Override
    protected int defaultPort(TlsMode mode) {
        return mode == TlsMode.IMPLICIT ? 993 : 143;
    }
}
