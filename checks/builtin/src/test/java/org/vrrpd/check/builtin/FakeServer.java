package org.vrrpd.check.builtin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scripted line-protocol server on 127.0.0.1, port 0: every accepted connection runs the handler on its own
 * thread. Optionally TLS from the first byte (implicit TLS). Records the lines clients sent.
 */
final class FakeServer implements AutoCloseable {

    interface Handler {
        void handle(Conn conn) throws Exception;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    final List<String> received = new CopyOnWriteArrayList<>();

    FakeServer(Handler handler) throws IOException {
        this(handler, null);
    }

    FakeServer(Handler handler, SSLContext implicitTls) throws IOException {
        server = implicitTls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : implicitTls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> {
                        try (Conn c = new Conn(s)) {
                            handler.handle(c);
                        } catch (Exception e) {
                            // a client that went away, or a handshake the test meant to fail
                        }
                    }, "fake-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One accepted connection. */
    final class Conn implements AutoCloseable {
        Socket socket;
        BufferedReader in;
        OutputStream out;

        Conn(Socket s) throws IOException {
            attach(s);
        }

        private void attach(Socket s) throws IOException {
            socket = s;
            in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out = s.getOutputStream();
        }

        void send(String... lines) throws IOException {
            for (String l : lines) {
                out.write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }

        void sendRaw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readLine() throws IOException {
            String l = in.readLine();
            if (l != null) {
                received.add(l);
            }
            return l;
        }

        /** Reads lines until the client closes. */
        void drain() throws IOException {
            while (readLine() != null) {
                // recorded by readLine
            }
        }

        void startTls(SSLContext ctx) throws IOException {
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            attach(tls);
        }

        /** Closes with a TCP RST. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
