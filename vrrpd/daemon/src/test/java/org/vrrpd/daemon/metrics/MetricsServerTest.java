package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.StatusSource;

class MetricsServerTest {

    @Test
    void get_shouldServePrometheusTextFromFreshSnapshots() throws Exception {
        StatusSource source = new StatusSource() {
            @Override
            public StatusReply status() throws Exception {
                return MetricsRendererTest.status();
            }

            @Override
            public ChecksReply checks() throws Exception {
                return MetricsRendererTest.checks();
            }
        };
        try (MetricsServer s = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), source,
                new CheckLatencyHistograms(), () -> MetricsRenderer.Extra.NONE)) {
            HttpClient c = HttpClient.newHttpClient();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(MetricsServer.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.body().contains("vrrpd_adverts_sent_total{vrrp_instance=\"mail_v4\"} 120\n"));
            HttpResponse<String> nf = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
                    + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, nf.statusCode());
        }
    }

    @Test
    void failingSnapshot_shouldAnswer503NotHang() throws Exception {
        StatusSource source = new StatusSource() {
            @Override
            public StatusReply status() throws Exception {
                throw new java.io.IOException("protocol thread busy");
            }

            @Override
            public ChecksReply checks() {
                return null;
            }
        };
        try (MetricsServer s = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), source,
                new CheckLatencyHistograms(), () -> MetricsRenderer.Extra.NONE)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode());
        }
    }
}
