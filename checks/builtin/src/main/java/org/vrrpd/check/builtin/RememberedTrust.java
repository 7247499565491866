package org.vrrpd.check.builtin;

import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's verdict on a server's certificate chain, remembered for the next handshake with the same server: a
 * check talks to one server every second or so, and that server presents the same chain every time. The last chain
 * the JDK's trust manager accepted for a host is accepted again for that host, without parsing it or building and
 * validating its path again, while the wall clock is within every presented certificate's validity (the JDK checks
 * validity against the wall clock too, so a clock stepped back before a certificate's start refuses it here as
 * there). Anything else (another chain, another host, another key exchange, a chain refused before) goes to the
 * JDK's trust manager, which decides as always: the trust store and the host name rules cannot change under a
 * check, they are fixed when its configuration is loaded, and revocation is not checked by the JDK's default.
 *
 * <p>Saves the path validation's parsing and signature checks on every run of a TLS check (about a tenth of an
 * imap run's CPU) and keeps that code from having to be compiled at all.
 */
final class RememberedTrust extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager jdk;
    private final LongSupplier wallMillis;
    private volatile Accepted last;

    /** What the JDK accepted: for which host and key exchange, the chain's bytes, their common validity. */
    private record Accepted(String host, String authType, byte[][] chain, long notBefore, long notAfter) {
        boolean covers(String h, String a, byte[][] c, long now) {
            return host.equals(h) && authType.equals(a) && now >= notBefore && now <= notAfter
                    && Arrays.deepEquals(chain, c);
        }
    }

    RememberedTrust(X509ExtendedTrustManager jdk, LongSupplier wallMillis) {
        this.jdk = jdk;
        this.wallMillis = wallMillis;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, authType, engine == null ? null : engine.getPeerHost(),
                () -> jdk.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, authType, socket instanceof SSLSocket s && s.getHandshakeSession() != null
                ? s.getHandshakeSession().getPeerHost() : null, () -> jdk.checkServerTrusted(chain, authType, socket));
    }

    /** One of the JDK's checks of a server chain. */
    @FunctionalInterface
    private interface JdkCheck {
        void run() throws CertificateException;
    }

    /**
     * The remembered verdict when it covers this handshake, else the JDK's, remembered when it accepts. A handshake
     * without a host, a key exchange or encodable certificates always goes to the JDK and is never remembered.
     */
    private void check(X509Certificate[] chain, String authType, String host, JdkCheck jdkCheck)
            throws CertificateException {
        byte[][] encoded = encoded(chain);
        boolean rememberable = host != null && authType != null && encoded != null && chain.length > 0;
        Accepted a = last;
        if (rememberable && a != null && a.covers(host, authType, encoded, wallMillis.getAsLong())) {
            return;
        }
        jdkCheck.run();
        if (rememberable) {
            remember(host, authType, encoded, chain);
        }
    }

    /** Without a connection there is no host to verify: always the JDK's verdict. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkServerTrusted(chain, authType);
    }

    private void remember(String host, String authType, byte[][] encoded, X509Certificate[] chain) {
        long notBefore = Long.MIN_VALUE;
        long notAfter = Long.MAX_VALUE;
        for (X509Certificate c : chain) {
            notBefore = Math.max(notBefore, c.getNotBefore().getTime());
            notAfter = Math.min(notAfter, c.getNotAfter().getTime());
        }
        last = new Accepted(host, authType, encoded, notBefore, notAfter);
    }

    /** The chain's DER bytes, or null when a certificate cannot give them (then nothing is remembered). */
    private static byte[][] encoded(X509Certificate[] chain) {
        byte[][] out = new byte[chain.length][];
        try {
            for (int i = 0; i < chain.length; i++) {
                out[i] = chain[i].getEncoded();
            }
        } catch (CertificateEncodingException e) {
            return null;
        }
        return out;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        jdk.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}
