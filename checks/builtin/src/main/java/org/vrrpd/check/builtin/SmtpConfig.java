package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code type: smtp}: {@code host}, {@code port} (default 25, or 465 for implicit TLS), {@code tls}
 * (none|starttls|implicit), {@code ehlo} (the EHLO name; omitted means no EHLO unless STARTTLS needs one),
 * {@code expect_banner} (a regex the banner must contain; the reply code must be 220 in any case),
 * {@code tls_verify}, {@code ca_file}.
 */
public class SmtpConfig extends MailServerConfig {

    @JsonProperty("ehlo")
    private String ehlo;

    @JsonProperty("expect_banner")
    private String expectBanner;

    public String ehlo() {
        return ehlo;
    }

    public String expectBanner() {
        return expectBanner;
    }

    @Override
    protected int defaultPort(TlsMode mode) {
        return mode == TlsMode.IMPLICIT ? 465 : 25;
    }
}
