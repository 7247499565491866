package org.vrrpd.net;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;

/** The transport contract against the in-memory LAN. */
class InMemoryLanContractTest extends VrrpTransportContract {

    private InMemoryLan lan;
    private InMemoryLan.Host a;
    private InMemoryLan.Host b;

    @BeforeEach
    void buildLan() {
        lan = new InMemoryLan();
        a = lan.host("a").attach(IF, "lan", MAC_A, A4, A6);
        b = lan.host("b").attach(IF, "lan", MAC_B, B4, B6);
    }

    @Override
    protected VrrpTransport a() {
        return a;
    }

    @Override
    protected VrrpTransport b() {
        return b;
    }

    @Override
    protected byte[] awaitFrameOnB(byte[] prefix, Duration timeout) {
        return lan.frames().stream().map(InMemoryLan.SentFrame::frame)
                .filter(f -> f.length >= prefix.length && Arrays.equals(Arrays.copyOf(f, prefix.length), prefix))
                .findFirst().orElse(null);
    }
}
