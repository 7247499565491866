package org.vrrpd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.config.MetricsConfig;
import org.vrrpd.status.ChecksReply;
import org.vrrpd.status.StatusReply;
import org.vrrpd.status.StatusSource;

class MetricsEndpointTest {

    private static final StatusSource SOURCE = new StatusSource() {
        @Override
        public StatusReply status() throws Exception {
            return MetricsRendererTest.status();
        }

        @Override
        public ChecksReply checks() throws Exception {
            return MetricsRendererTest.checks();
        }
    };

    private static MetricsEndpoint endpoint() {
        return new MetricsEndpoint(SOURCE, new CheckLatencyHistograms(), () -> MetricsRenderer.Extra.NONE);
    }

    private static Optional<MetricsConfig> at(int port) {
        return Optional.of(new MetricsConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), false));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean serves(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("vrrpd_adverts_sent_total");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void move_toANewPort_shouldServeThere_andStopServingTheOld() throws Exception {
        int first = freePort();
        int second = freePort();
        try (MetricsEndpoint m = endpoint()) {
            m.start(at(first));
            assertTrue(serves(first));
            assertTrue(m.move(at(second)));
            assertTrue(serves(second));
            assertFalse(serves(first), "the old listener still answers");
            assertEquals(Optional.of(second), m.port());
        }
    }

    @Test
    void move_toAPortInUse_shouldThrowNamingIt_andKeepTheOldServerServing() throws Exception {
        int first = freePort();
        try (MetricsEndpoint m = endpoint();
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            m.start(at(first));
            IOException e = assertThrows(IOException.class, () -> m.move(at(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("metrics: cannot listen on") && e.getMessage().contains(
                    ":" + taken.getLocalPort()), e.getMessage());
            assertTrue(serves(first), "the old listener stopped");
            assertEquals(Optional.of(first), m.port());
        }
    }

    @Test
    void move_toNothing_shouldStop_andFromNothing_shouldStart() throws Exception {
        int port = freePort();
        try (MetricsEndpoint m = endpoint()) {
            m.start(Optional.empty());
            assertEquals(Optional.empty(), m.port());
            assertTrue(m.move(at(port)));
            assertTrue(serves(port));
            assertTrue(m.move(Optional.empty()));
            assertFalse(serves(port));
            assertEquals(Optional.empty(), m.port());
        }
    }

    @Test
    void move_toTheSameAddress_shouldChangeNothing() throws Exception {
        int port = freePort();
        try (MetricsEndpoint m = endpoint()) {
            m.start(at(port));
            InetSocketAddress same = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            assertFalse(m.move(Optional.of(new MetricsConfig(same, true))));
            assertTrue(serves(port));
        }
    }
}
