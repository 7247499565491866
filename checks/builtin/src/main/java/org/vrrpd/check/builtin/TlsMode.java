package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a mail check talks TLS: not at all, upgraded with STARTTLS, or from the first byte (465, 993). */
public enum TlsMode {
    @JsonProperty("none") NONE,
    @JsonProperty("starttls") STARTTLS,
    @JsonProperty("implicit") IMPLICIT
}
