package org.vrrpd.check.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which handshakes reach the JDK's trust manager, and which are answered from its last verdict. */
class RememberedTrustTest {

    /** Counts the calls; refuses while {@link #refuse} is set. */
    private static final class CountingJdk extends X509ExtendedTrustManager {
        int calls;
        boolean refuse;

        private void check() throws CertificateException {
            calls++;
            if (refuse) {
                throw new CertificateException("refused");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private final CountingJdk jdk = new CountingJdk();
    private final AtomicLong now = new AtomicLong();
    private final RememberedTrust trust = new RememberedTrust(jdk, now::get);
    private X509Certificate[] chain;
    private X509Certificate[] otherChain;

    private static X509Certificate[] load(TestCerts certs) throws Exception {
        try (InputStream in = Files.newInputStream(certs.caPem)) {
            return new X509Certificate[] {
                (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)};
        }
    }

    private static SSLEngine engine(String host) throws Exception {
        return SSLContext.getDefault().createSSLEngine(host, 993);
    }

    @BeforeEach
    void certificates() throws Exception {
        chain = load(TestCerts.trusted());
        otherChain = load(TestCerts.other());
        now.set(chain[0].getNotBefore().getTime() + 60_000);
    }

    @Test
    void sameHostAndChain_reachTheJdkOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail01"));
        }
        assertEquals(1, jdk.calls);
    }

    @Test
    void anotherChain_anotherHost_orAnotherKeyExchange_goToTheJdk() throws Exception {
        trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail01"));
        trust.checkServerTrusted(otherChain, "ECDHE_ECDSA", engine("mail01"));
        trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail02"));
        trust.checkServerTrusted(chain, "ECDHE_RSA", engine("mail02"));
        assertEquals(4, jdk.calls);
    }

    @Test
    void aRefusedChain_isNeverRemembered_andLeavesTheAcceptedOneAlone() throws Exception {
        trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail01"));
        jdk.refuse = true;
        for (int i = 0; i < 3; i++) {
            assertThrows(CertificateException.class,
                    () -> trust.checkServerTrusted(otherChain, "ECDHE_ECDSA", engine("mail01")));
        }
        assertEquals(4, jdk.calls);
        trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail01"));
        assertEquals(4, jdk.calls);
    }

    /** Validity is the certificate's, on the wall clock, as the JDK checks it: before its start or after its end. */
    @Test
    void outsideTheCertificatesValidity_theJdkDecidesAgain() throws Exception {
        trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail01"));
        jdk.refuse = true;
        now.set(chain[0].getNotAfter().getTime() + 1);
        assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail01")));
        now.set(chain[0].getNotBefore().getTime() - 3_600_000); // the clock stepped an hour back
        assertThrows(CertificateException.class,
                () -> trust.checkServerTrusted(chain, "ECDHE_ECDSA", engine("mail01")));
        assertEquals(3, jdk.calls);
    }

    @Test
    void withoutAConnection_everyCallGoesToTheJdk() throws Exception {
        trust.checkServerTrusted(chain, "ECDHE_ECDSA");
        trust.checkServerTrusted(chain, "ECDHE_ECDSA");
        trust.checkServerTrusted(chain, "ECDHE_ECDSA", (SSLEngine) null);
        trust.checkServerTrusted(chain, "ECDHE_ECDSA", (SSLEngine) null);
        assertEquals(4, jdk.calls);
    }
}
