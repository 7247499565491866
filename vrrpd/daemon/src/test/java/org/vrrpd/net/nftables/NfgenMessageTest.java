package org.vrrpd.net.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vrrpd.net.netlink.RtAttr;

class NfgenMessageTest {

    @Test
    void encode_writesFamilyVersionAndResIdInNetworkOrder_thenAttributes() {
        byte[] b = new NfgenMessage(NftConstants.NFPROTO_INET, NftConstants.NFNL_SUBSYS_NFTABLES,
                List.of(NftAttrs.be32(2, 1))).encode();
        // family 1, version 0, res_id 0x000a big-endian; then rtattr len 8 type 2 (host order), value 00000001
        String hex = HexFormat.of().formatHex(b);
        assertEquals("0100000a", hex.substring(0, 8));
        assertEquals("00000001", hex.substring(16));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void decode_shorterThanNfgenmsg_isRejectedAsTruncated(int length) {
        NftDecodeResult<NfgenMessage> r = NfgenMessage.decode(new byte[length]);
        assertEquals(NfgenMessage.COUNTER_TRUNCATED, ((NftDecodeResult.Rejected<NfgenMessage>) r).counter());
    }

    @Test
    void decode_unknownVersion_isRejected() {
        NftDecodeResult<NfgenMessage> r = NfgenMessage.decode(new byte[] {1, 1, 0, 10});
        assertEquals(NfgenMessage.COUNTER_BAD_VERSION, ((NftDecodeResult.Rejected<NfgenMessage>) r).counter());
    }

    @Test
    void decode_attributeLongerThanTheMessage_isRejected() {
        byte[] b = new NfgenMessage(1, 0, List.of(new RtAttr(1, new byte[] {1, 2, 3, 4}))).encode();
        b[4] = 40; // rta_len past the end
        NftDecodeResult<NfgenMessage> r = NfgenMessage.decode(b);
        assertEquals(NfgenMessage.COUNTER_BAD_ATTRIBUTE, ((NftDecodeResult.Rejected<NfgenMessage>) r).counter());
    }

    @Test
    void counter_fromAnObjectOfAnotherType_isRejected() {
        NfgenMessage quota = new NfgenMessage(1, 0, List.of(NftAttrs.be32(NftConstants.NFTA_OBJ_TYPE, 2)));
        assertInstanceOf(NftDecodeResult.Rejected.class, NftCounter.from(quota));
    }

    @Test
    void counter_withoutData_isRejected() {
        NfgenMessage bare = new NfgenMessage(1, 0,
                List.of(NftAttrs.be32(NftConstants.NFTA_OBJ_TYPE, NftConstants.NFT_OBJECT_COUNTER)));
        assertEquals("NFTA_OBJ_DATA missing or malformed",
                ((NftDecodeResult.Rejected<NftCounter>) NftCounter.from(bare)).reason());
    }

    @Test
    void counter_readsPacketsAndBytesAsBigEndian64() {
        NfgenMessage m = new NftCounter(7, 560).toObject(1, "vrrpd", "vrrp_guard_drops");
        assertEquals(new NftDecodeResult.Ok<>(new NftCounter(7, 560)), NftCounter.from(m));
    }
}
