package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vrrpd.net.netlink.NetlinkConstants.*;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Byte fixtures (little-endian, as on x86-64 and arm64) for the netlink codec. */
class NetlinkCodecTest {

    /** RTM_NEWADDR 192.0.2.10/24 on ifindex 2, label "eth0", IFA_F_PERMANENT, as the kernel sends it. */
    static final String NEWADDR_V4 = "3c000000" + "1400" + "0000" + "00000000" + "00000000"
            + "02" + "18" + "80" + "00" + "02000000"
            + "0800" + "0100" + "c000020a"
            + "0800" + "0200" + "c000020a"
            + "0900" + "0300" + "6574683000" + "000000"
            + "0800" + "0800" + "80000000";

    /** Two NLM_F_MULTI RTM_NEWLINK parts of a link dump, then NLMSG_DONE, in one datagram. */
    static final String LINK_DUMP = link("03000000", "43100100", "7665746830", "06")
            + link("04000000", "02100000", "7665746831", "02")
            + "14000000" + "0300" + "0200" + "2a000000" + "51000000" + "00000000";

    private static String link(String index, String flags, String name, String operstate) {
        // 16 header + 16 ifinfomsg + 12 IFLA_IFNAME + 8 IFLA_MTU + 8 IFLA_OPERSTATE + 12 IFLA_ADDRESS = 72
        return "48000000" + "1000" + "0200" + "2a000000" + "51000000"
                + "00" + "00" + "0100" + index + flags + "00000000"
                + "0a00" + "0300" + name + "00" + "0000"
                + "0800" + "0400" + "dc050000"
                + "0500" + "1000" + operstate + "000000"
                + "0a00" + "0100" + "020000000001" + "0000";
    }

    @BeforeAll
    static void fixturesAreLittleEndian() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static List<NlMessage> ok(NlDecodeResult r) {
        return assertInstanceOf(NlDecodeResult.Ok.class, r, () -> "rejected: " + r).messages();
    }

    @Test
    void decode_newAddr_readsIfaddrmsgAndAttributes() {
        List<NlMessage> msgs = ok(NetlinkCodec.decode(hex(NEWADDR_V4)));
        assertEquals(1, msgs.size());
        NlMessage m = msgs.get(0);
        assertEquals(RTM_NEWADDR, m.type());
        IfAddrMsg a = (IfAddrMsg) m.body();
        assertEquals(AF_INET, a.family());
        assertEquals(24, a.prefixLength());
        assertEquals(2, a.index());
        assertEquals(4, a.attrs().size());
        assertEquals("eth0", RtAttr.find(a.attrs(), IFA_LABEL).orElseThrow().asString());
        assertArrayEquals(hex("c000020a"), RtAttr.find(a.attrs(), IFA_LOCAL).orElseThrow().value());
    }

    @Test
    void encode_newAddr_reproducesKernelBytesIncludingPadding() {
        NlMessage m = ok(NetlinkCodec.decode(hex(NEWADDR_V4))).get(0);
        assertEquals(NEWADDR_V4, HexFormat.of().formatHex(NetlinkCodec.encode(m)));
    }

    @Test
    void decode_multipartDump_returnsEveryPartThenDone() {
        List<NlMessage> msgs = ok(NetlinkCodec.decode(hex(LINK_DUMP)));
        assertEquals(3, msgs.size());
        assertTrue(msgs.get(0).isMultipart());
        assertEquals(3, ((IfInfoMsg) msgs.get(0).body()).index());
        assertEquals(4, ((IfInfoMsg) msgs.get(1).body()).index());
        assertEquals(new NlDone(0), msgs.get(2).body());
        assertEquals(42, msgs.get(2).seq());
        assertEquals(0x51, msgs.get(2).pid());
        assertEquals(LINK_DUMP, HexFormat.of().formatHex(NetlinkCodec.encode(msgs)));
    }

    @Test
    void decode_errorReply_givesPositiveErrnoAndTheRequestHeader() {
        String eexist = "24000000" + "0200" + "0001" + "07000000" + "51000000"
                + "efffffff" + "3c000000" + "1400" + "0506" + "07000000" + "00000000";
        NlMessage m = ok(NetlinkCodec.decode(hex(eexist))).get(0);
        NlError e = (NlError) m.body();
        assertEquals(EEXIST, e.errno());
        assertEquals(new NlMessage.Header(0x3c, RTM_NEWADDR, 0x605, 7, 0), e.request());
        assertEquals(eexist, HexFormat.of().formatHex(NetlinkCodec.encode(m)));
    }

    @Test
    void decode_ack_isErrorWithErrnoZero_andIgnoresTrailingExtendedAck() {
        String ack = "28000000" + "0200" + "0001" + "07000000" + "51000000"
                + "00000000" + "3c000000" + "1400" + "0506" + "07000000" + "00000000" + "08000100";
        NlError e = (NlError) ok(NetlinkCodec.decode(hex(ack))).get(0).body();
        assertTrue(e.isAck());
    }

    @Test
    void decode_errorWithExtendedAck_cappedRequest_readsKernelMessage() {
        String err = "44000000" + "0200" + "0003" /* CAPPED|ACK_TLVS */ + "07000000" + "51000000"
                + "eaffffff" + "3c000000" + "1400" + "0506" + "07000000" + "00000000"
                + "2000" + "0100" + "697076343a20496e76616c696420707265666978206c656e67746800";
        NlError e = (NlError) ok(NetlinkCodec.decode(hex(err))).get(0).body();
        assertEquals(EINVAL, e.errno());
        assertEquals(java.util.Optional.of("ipv4: Invalid prefix length"), e.message());
    }

    @Test
    void decode_errorWithExtendedAck_uncappedRequest_skipsEchoedPayload() {
        String err = "34000000" + "0200" + "0002" /* ACK_TLVS */ + "07000000" + "51000000"
                + "efffffff" + "18000000" + "1400" + "0506" + "07000000" + "00000000"
                + "0a180000" + "02000000" /* echoed ifaddrmsg */
                + "0800" + "0100" + "6e6f00" + "00";
        NlError e = (NlError) ok(NetlinkCodec.decode(hex(err))).get(0).body();
        assertEquals(EEXIST, e.errno());
        assertEquals(java.util.Optional.of("no"), e.message());
    }

    @Test
    void decode_errorEchoingMoreThanItCarries_isRejected() {
        String err = "24000000" + "0200" + "0002" + "07000000" + "51000000"
                + "edffffff" + "ff000000" + "1400" + "0506" + "07000000" + "00000000";
        assertInstanceOf(NlDecodeResult.Rejected.class, NetlinkCodec.decode(hex(err)));
    }

    @Test
    void decode_unknownType_keepsPayloadVerbatim() {
        NlMessage m = ok(NetlinkCodec.decode(hex("13000000" + "1800" + "0000" + "01000000" + "00000000" + "aabbcc00")))
                .get(0);
        assertEquals(24, m.type());
        assertArrayEquals(hex("aabbcc"), ((NlRaw) m.body()).payload());
    }

    @Test
    void decode_emptyDatagram_isNoMessages() {
        assertEquals(List.of(), ok(NetlinkCodec.decode(new byte[0])));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "header shorter than 16 bytes,    0c00000014000000000000,                                   netlink.rx.truncated_header",
        "nlmsg_len below header size,     0800000014000000000000000000000000000000,                 netlink.rx.bad_length",
        "nlmsg_len beyond datagram,       4000000014000000000000000000000002180000020000,           netlink.rx.bad_length",
        "ifaddrmsg too short,             1400000014000000000000000000000002180000,                 netlink.rx.truncated_body",
        "ifinfomsg too short,             180000001000000000000000000000000000010003000000,        netlink.rx.truncated_body",
        "rta_len below 4,                 1c000000140000000000000000000000021800000200000002000100,   netlink.rx.bad_attribute",
        "rta_len beyond message,          1c0000001400000000000000000000000218000002000000ff000100, netlink.rx.bad_attribute",
        "partial attribute header,        1a000000140000000000000000000000021800000200000008000000, netlink.rx.bad_attribute",
        "positive NLMSG_ERROR code,       240000000200000000000000000000000100000010000000140000000000000000000000, netlink.rx.bad_error_code",
        "NLMSG_ERROR without header copy, 1400000002000000000000000000000000000000,                 netlink.rx.truncated_body",
        "second message truncated,        1000000003000000000000000000000001,                       netlink.rx.truncated_header",
    })
    void decode_malformed_isRejectedWithCounter(String why, String bytes, String counter) {
        NlDecodeResult r = NetlinkCodec.decode(hex(bytes));
        NlDecodeResult.Rejected rej = assertInstanceOf(NlDecodeResult.Rejected.class, r, why);
        assertEquals(counter, rej.counter(), rej.reason());
        assertTrue(!rej.reason().isBlank());
    }

    @Test
    void decode_offsetOutsideBuffer_isRejectedNotThrown() {
        assertInstanceOf(NlDecodeResult.Rejected.class, NetlinkCodec.decode(new byte[4], 2, 8));
        assertInstanceOf(NlDecodeResult.Rejected.class, NetlinkCodec.decode(new byte[4], -1, 2));
    }

    @Test
    void encode_attributeValue_isPaddedToFourBytes() {
        NlMessage m = new NlMessage(RTM_GETLINK, NLM_F_REQUEST, 1, 0,
                new IfInfoMsg(AF_UNSPEC, 0, 0, 0, 0, List.of(RtAttr.ofString(IFLA_IFNAME, "ab"))));
        byte[] b = NetlinkCodec.encode(m);
        assertEquals(16 + 16 + 8, b.length);
        assertEquals(40, b[0], "nlmsg_len includes attribute padding, as the kernel's nla_put does");
        assertEquals(7, b[32], "rta_len counts only header and value");
        assertEquals(0, b[39], "padding is zero");
    }
}
