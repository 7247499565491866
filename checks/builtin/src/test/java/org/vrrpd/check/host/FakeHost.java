package org.vrrpd.check.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plugin host made of in-memory pipes: the test reads what the daemon sent and answers as the host would. */
final class FakeHost implements HostProcess {

    private static long pids = 1000;

    final long pid = ++pids;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final OutputStream hostOut;
    private final OutputStream hostErr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    final BlockingQueue<HostMessage> received = new LinkedBlockingQueue<>();
    volatile boolean killed;

    FakeHost() throws IOException {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        Pipe err = Pipe.open();
        stdin = Channels.newOutputStream(in.sink());
        stdout = Channels.newInputStream(out.source());
        stderr = Channels.newInputStream(err.source());
        hostOut = Channels.newOutputStream(out.sink());
        hostErr = Channels.newOutputStream(err.sink());
        InputStream hostIn = Channels.newInputStream(in.source());
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(hostIn, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (HostCodec.decode(line) instanceof HostCodec.Decoded.Ok ok) {
                        received.add(ok.message());
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }, "fake-host-" + pid);
        t.setDaemon(true);
        t.start();
    }

    /** The next message the daemon sent, within 5 s. */
    HostMessage next() throws InterruptedException {
        HostMessage m = received.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("nothing sent to the host within 5s");
        }
        return m;
    }

    <T extends HostMessage> T next(Class<T> type) throws InterruptedException {
        HostMessage m = next();
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
        }
        return type.cast(m);
    }

    void send(HostMessage m) throws IOException {
        hostOut.write((HostCodec.encode(m) + "\n").getBytes(StandardCharsets.UTF_8));
        hostOut.flush();
    }

    void stderrLine(String s) throws IOException {
        hostErr.write((s + "\n").getBytes(StandardCharsets.UTF_8));
        hostErr.flush();
    }

    /** The host process ends with {@code status}: its pipes close and its exit is reported at once. */
    void die(int status) throws IOException {
        hostOut.close();
        hostErr.close();
        exit.complete(status);
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public void kill() {
        killed = true;
        try {
            stdin.close();
            hostOut.close();
            hostErr.close();
        } catch (IOException e) {
            // closed
        }
        exit.complete(137);
    }
}
