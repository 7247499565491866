package org.vrrpd.check.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.vrrpd.check.api.CheckConfigException;

/**
 * Builds the client TLS context for a check: the JDK's default trust store, a pinned CA file (PEM, one or more
 * certificates; only those are trusted), or — with {@code tls_verify: false} — no verification at all.
 * Host names are verified against the certificate whenever verification is on.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    public static SSLContext create(boolean verify, Path caFile) throws CheckConfigException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustManager(verify, caFile)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new CheckConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The trust manager for these settings: none verifying for {@code tls_verify: false}, else the JDK's, trusting
     * the pinned CA file's certificates or the JDK's default trust store, with its verdicts remembered
     * ({@link RememberedTrust}).
     */
    static X509ExtendedTrustManager trustManager(boolean verify, Path caFile) throws CheckConfigException {
        if (!verify) {
            return new TrustAll();
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(caFile == null ? null : pinned(caFile));
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new RememberedTrust(x, System::currentTimeMillis);
                }
            }
            throw new CheckConfigException("cannot set up TLS: the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new CheckConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** A trust store holding only the CA file's certificates. */
    private static KeyStore pinned(Path caFile) throws CheckConfigException {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(caFile)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new CheckConfigException("ca_file " + caFile + " holds no PEM certificate");
            }
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            return ks;
        } catch (IOException e) {
            throw new CheckConfigException("cannot read ca_file " + caFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CheckConfigException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Accepts any certificate and any host name: only for {@code tls_verify: false}. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
