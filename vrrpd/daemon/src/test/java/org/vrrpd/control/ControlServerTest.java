package org.vrrpd.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    @TempDir
    Path dir;

    private ControlServer server;
    private final AtomicInteger changes = new AtomicInteger();

    /** A fake daemon: "status" reads, "maintenance" changes, "boom" fails. */
    private final ControlService fake = new ControlService() {
        @Override
        public boolean mutates(String command) {
            return command.equals("maintenance");
        }

        @Override
        public boolean knows(String command) {
            return command.equals("status") || command.equals("maintenance") || command.equals("boom");
        }

        @Override
        public CompletionStage<JsonNode> handle(String command, JsonNode args, Caller caller) {
            if (command.equals("boom")) {
                return CompletableFuture.failedFuture(new ControlException("failed", "it broke"));
            }
            if (command.equals("maintenance")) {
                changes.incrementAndGet();
            }
            ObjectNode data = ControlProtocol.JSON.createObjectNode();
            data.put("uid", caller.uid());
            data.set("echo", args);
            return CompletableFuture.completedFuture(data);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = ControlServer.start(dir.resolve("run/vrrpd.sock"), "no-such-group-here", OptionalInt.empty(),
                fake);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void socket_shouldBeCreatedWithMode0660() throws IOException {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path())));
    }

    @Test
    void status_shouldReturnTheServicesData_withTheCallersKernelUid() throws Exception {
        ObjectNode args = ControlProtocol.JSON.createObjectNode().put("instance", "mail");
        JsonNode data = new ControlClient(server.path()).call("status", args);
        assertEquals(ProcessHandle.current().pid() >= 0 ? uid() : -1, data.path("uid").asInt());
        assertEquals("mail", data.path("echo").path("instance").asText());
    }

    @Test
    void unknownCommand_shouldBeRefusedByName() {
        ControlException e = assertThrows(ControlException.class,
                () -> new ControlClient(server.path()).call("rm-rf", null));
        assertEquals("unknown_command", e.code());
        assertTrue(e.getMessage().contains("rm-rf"));
    }

    @Test
    void failingCommand_shouldReturnItsErrorCodeAndMessage() {
        ControlException e = assertThrows(ControlException.class,
                () -> new ControlClient(server.path()).call("boom", null));
        assertEquals("failed", e.code());
        assertEquals("it broke", e.getMessage());
    }

    @Test
    void garbage_shouldGetBadRequest_andChangeNothing() throws IOException {
        assertTrue(rawExchange("this is not json\n").contains("\"bad_request\""));
        assertTrue(rawExchange("[1,2,3]\n").contains("\"bad_request\""));
        assertTrue(rawExchange("{\"args\":{}}\n").contains("\"bad_request\""));
        assertEquals(0, changes.get());
    }

    @Test
    void oversizedRequest_shouldGetTooLarge_andChangeNothing() throws IOException {
        String huge = "{\"command\":\"maintenance\",\"args\":{\"x\":\"" + "a".repeat(200_000) + "\"}}\n";
        assertTrue(rawExchange(huge).contains("\"too_large\""));
        assertEquals(0, changes.get());
    }

    @Test
    void severalRequestsOnOneConnection_shouldBeAnsweredInOrder() throws IOException {
        String replies = rawExchange("{\"command\":\"status\",\"args\":{\"n\":1}}\n"
                + "{\"command\":\"status\",\"args\":{\"n\":2}}\n", 2);
        int first = replies.indexOf("\"n\":1");
        int second = replies.indexOf("\"n\":2");
        assertTrue(first >= 0 && second > first, replies);
    }

    @Test
    void stoppedDaemon_shouldGiveUnreachable_withThePathInTheMessage() {
        server.close();
        ControlException e = assertThrows(ControlException.class,
                () -> new ControlClient(server.path()).call("status", null));
        assertEquals("unreachable", e.code());
        assertTrue(e.getMessage().contains(server.path().toString()));
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private String rawExchange(String payload) throws IOException {
        return rawExchange(payload, 1);
    }

    /** Writes raw bytes and reads {@code lines} reply lines (or until the server closes). */
    private String rawExchange(String payload, int lines) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(server.path()));
            ByteBuffer out = ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8));
            try {
                while (out.hasRemaining()) {
                    ch.write(out);
                }
            } catch (IOException closedEarly) {
                // the server may close after refusing an oversized line; read what it said
            }
            StringBuilder sb = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(4096);
            int seen = 0;
            while (seen < lines) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    break;
                }
                String s = new String(in.array(), 0, n, StandardCharsets.UTF_8);
                seen += (int) s.chars().filter(c -> c == '\n').count();
                sb.append(s);
            }
            return sb.toString();
        }
    }
}
