package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import org.vrrpd.check.api.CheckConfig;

/**
 * {@code type: http}: {@code url}, {@code method} (GET|HEAD), {@code expect_status} (list, default [200]),
 * {@code expect_body} (substring) or {@code expect_body_regex}, {@code host_header}, {@code tls_verify}
 * (default true), {@code ca_file} (trust only this CA, PEM).
 */
public class HttpConfig extends CheckConfig {

    @JsonProperty("url")
    private String url;

    @JsonProperty("method")
    private String method = "GET";

    @JsonProperty("expect_status")
    private List<Integer> expectStatus = List.of(200);

    @JsonProperty("expect_body")
    private String expectBody;

    @JsonProperty("expect_body_regex")
    private String expectBodyRegex;

    @JsonProperty("host_header")
    private String hostHeader;

    @JsonProperty("tls_verify")
    private boolean tlsVerify = true;

    @JsonProperty("ca_file")
    private Path caFile;

    public String url() {
        return url;
    }

    public String method() {
        return method;
    }

    public List<Integer> expectStatus() {
        return expectStatus;
    }

    public String expectBody() {
        return expectBody;
    }

    public String expectBodyRegex() {
        return expectBodyRegex;
    }

    public String hostHeader() {
        return hostHeader;
    }

    public boolean tlsVerify() {
        return tlsVerify;
    }

    public Path caFile() {
        return caFile;
    }
}
