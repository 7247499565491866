package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import org.vrrpd.check.api.CheckConfig;

/** Settings the SMTP and IMAP checks share: where to connect and how to do TLS. */
public abstract class MailServerConfig extends CheckConfig {

    @JsonProperty("host")
    private String host = "127.0.0.1";

    @JsonProperty("port")
    private Integer port;

    @JsonProperty("tls")
    private TlsMode tls = TlsMode.NONE;

    /** Verify the server certificate and host name (default true). */
    @JsonProperty("tls_verify")
    private boolean tlsVerify = true;

    /** Trust only the CA certificate(s) in this PEM file instead of the system trust store. */
    @JsonProperty("ca_file")
    private Path caFile;

    public String host() {
        return host;
    }

    /** The configured port, or the protocol's default for the TLS mode. */
    public int port() {
        return port != null ? port : defaultPort(tls);
    }

    public TlsMode tls() {
        return tls;
    }

    public boolean tlsVerify() {
        return tlsVerify;
    }

    public Path caFile() {
        return caFile;
    }

    protected abstract int defaultPort(TlsMode mode);
}
