package org.vrrpd.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a failed connection is called: a socket the kernel refuses us is "denied" (a daemon may be running; the
 * message says who may use it), anything else "unreachable". Tests run as root, which the kernel never refuses,
 * so the refusals are the exceptions Java gives for EACCES.
 */
class ControlClientTest {

    private static final Path SOCKET = Path.of("/run/vrrpd/vrrpd.sock");

    @Test
    void permissionDenied_shouldBeReportedAsDenied_namingTheAdminGroup() {
        for (IOException cause : new IOException[] {new SocketException("Permission denied"),
                new AccessDeniedException(SOCKET.toString())}) {
            ControlException e = ControlClient.connectFailure(SOCKET, cause);
            assertEquals("denied", e.code(), cause.toString());
            assertTrue(e.getMessage().contains("admin group") && e.getMessage().contains(SOCKET.toString()),
                    e.getMessage());
        }
    }

    @Test
    void aMissingSocketOrARefusedConnection_shouldBeUnreachable() {
        for (IOException cause : new IOException[] {new SocketException("Connection refused"),
                new NoSuchFileException(SOCKET.toString())}) {
            ControlException e = ControlClient.connectFailure(SOCKET, cause);
            assertEquals("unreachable", e.code(), cause.toString());
            assertTrue(e.getMessage().contains("is the daemon running"), e.getMessage());
        }
    }
}
