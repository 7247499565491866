package org.vrrpd.lab.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.vrrpd.net.NetworkNamespaces;

/**
 * A mail user on the lab's client: sends plain SMTP to port 25 of a server and lists subjects over IMAPS (993,
 * the lab CA pinned), all from the client's network namespace.
 */
final class MailClient implements AutoCloseable {

    private final ExecutorService pool;
    private final SSLContext tls;

    MailClient(String clientNs, Path caPem, int threads) throws Exception {
        this.pool = Executors.newFixedThreadPool(threads, NetworkNamespaces.threadFactory(clientNs));
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("lab", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
    }

    /** Sends one message; returns the server's reply to the end of DATA (e.g. {@code 250 2.0.0 Ok: queued as X}). */
    Future<String> send(String server, String from, String to, String subject, String body) {
        return pool.submit(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(server, 25), 2000);
                s.setSoTimeout(20000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                expect(in, "220");
                cmd(out, "EHLO client.lab.test");
                expect(in, "250");
                cmd(out, "MAIL FROM:<" + from + ">");
                expect(in, "250");
                cmd(out, "RCPT TO:<" + to + ">");
                expect(in, "250");
                cmd(out, "DATA");
                expect(in, "354");
                cmd(out, "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                        + "\r\nMessage-ID: <" + subject + "@partner.test>\r\n\r\n" + body + "\r\n.");
                String reply = expect(in, "250");
                cmd(out, "QUIT");
                return reply;
            }
        });
    }

    /** The subjects of every message in {@code user}'s INBOX that start with {@code prefix}. */
    List<String> subjects(String server, String user, String password, String prefix) throws Exception {
        return pool.submit(() -> {
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(server, 993), 2000);
                SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, server, 993, true);
                s.setSoTimeout(20000);
                s.startHandshake();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                expect(in, "* OK");
                cmd(out, "a LOGIN \"" + user + "\" \"" + password + "\"");
                untilTagged(in, "a");
                cmd(out, "b SELECT INBOX");
                untilTagged(in, "b");
                cmd(out, "c FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
                List<String> subjects = new ArrayList<>();
                Pattern p = Pattern.compile("^Subject: (.*)$");
                for (String line : untilTagged(in, "c")) {
                    Matcher m = p.matcher(line);
                    if (m.matches() && m.group(1).trim().startsWith(prefix)) {
                        subjects.add(m.group(1).trim());
                    }
                }
                cmd(out, "d LOGOUT");
                return subjects;
            }
        }).get();
    }

    private static void cmd(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads a (possibly multi-line) reply; fails unless its final line starts with {@code code}. */
    private static String expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed, expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-' && !code.startsWith("*"));
        if (!line.startsWith(code)) {
            throw new IOException("expected " + code + ", got: " + line);
        }
        return line;
    }

    private static List<String> untilTagged(BufferedReader in, String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("IMAP connection closed before " + tag + " completed");
            }
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException("IMAP " + line);
                }
                return lines;
            }
            lines.add(line);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
