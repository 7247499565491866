package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.vrrpd.check.api.CheckConfig;

/** {@code type: tcp}: {@code host} (default 127.0.0.1) and {@code port}. */
public class TcpConfig extends CheckConfig {

    @JsonProperty("host")
    private String host = "127.0.0.1";

    @JsonProperty("port")
    private int port;

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
