package org.vrrpd.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/** A blocking client for the control socket: one request, one reply. */
public final class ControlClient {

    private final Path path;

    public ControlClient(Path path) {
        this.path = path;
    }

    /**
     * Sends a command and returns the reply's data; throws {@link ControlException} with the daemon's error,
     * with code {@code unreachable} when no daemon answers at the path, or {@code denied} when we may not open
     * its socket.
     */
    public JsonNode call(String command, JsonNode args) throws ControlException {
        String line;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            ch.write(ByteBuffer.wrap((ControlProtocol.request(command, args) + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            line = readLine(ch);
        } catch (IOException e) {
            throw connectFailure(path, e);
        }
        JsonNode reply;
        try {
            reply = ControlProtocol.JSON.readTree(line);
        } catch (IOException e) {
            throw new ControlException("bad_reply", "the daemon's reply is not JSON: " + e.getMessage());
        }
        if (reply.path("ok").asBoolean(false)) {
            return reply.path("data");
        }
        JsonNode err = reply.path("error");
        throw new ControlException(err.path("code").asText("failed"), err.path("message").asText("failed"));
    }

    /**
     * Why the socket could not be used: code {@code denied} when the kernel refused us the socket (a daemon may
     * well be running), {@code unreachable} otherwise.
     */
    static ControlException connectFailure(Path path, IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof AccessDeniedException || why.contains("Permission denied")) {
            return new ControlException("denied", "permission denied on the control socket " + path
                    + ": run as root or as a member of the daemon's admin group (vrrpd, or global.admin_group)");
        }
        return new ControlException("unreachable", "cannot reach vrrpd at " + path + ": " + why
                + " (is the daemon running?)");
    }

    private static String readLine(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (true) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (b == '\n') {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.write(b);
            }
            if (out.size() > ControlProtocol.MAX_REPLY_BYTES) {
                throw new IOException("reply longer than " + ControlProtocol.MAX_REPLY_BYTES + " bytes");
            }
        }
        if (out.size() == 0) {
            throw new IOException("the daemon closed the connection without a reply");
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
