package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.IFADDRMSG_LEN;
import static org.vrrpd.net.netlink.NetlinkConstants.IFINFOMSG_LEN;
import static org.vrrpd.net.netlink.NetlinkConstants.NLMSG_DONE;
import static org.vrrpd.net.netlink.NetlinkConstants.NLMSG_ERROR;
import static org.vrrpd.net.netlink.NetlinkConstants.NLMSG_HDRLEN;
import static org.vrrpd.net.netlink.NetlinkConstants.align;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Stateless encoder and decoder for rtnetlink datagrams: nlmsghdr framing, rtattr alignment, ifaddrmsg,
 * ifinfomsg, NLMSG_ERROR/ACK and NLMSG_DONE. Netlink uses host byte order. Decoding never throws on bad input;
 * it returns {@link NlDecodeResult.Rejected} with a reason and counter name.
 */
public final class NetlinkCodec {

    public static final String COUNTER_TRUNCATED_HEADER = "netlink.rx.truncated_header";
    public static final String COUNTER_BAD_LENGTH = "netlink.rx.bad_length";
    public static final String COUNTER_TRUNCATED_BODY = "netlink.rx.truncated_body";
    public static final String COUNTER_BAD_ATTRIBUTE = "netlink.rx.bad_attribute";
    public static final String COUNTER_BAD_ERROR_CODE = "netlink.rx.bad_error_code";

    /** Largest errno the kernel ever reports (MAX_ERRNO). */
    private static final int MAX_ERRNO = 4095;

    private NetlinkCodec() {
    }

    // ---------------------------------------------------------------- encode

    public static byte[] encode(NlMessage message) {
        return encode(List.of(message));
    }

    /** Encodes messages back to back, each padded to four bytes, into one datagram. */
    public static byte[] encode(List<NlMessage> messages) {
        int total = 0;
        for (NlMessage m : messages) {
            total += align(NLMSG_HDRLEN + bodyLength(m.body()));
        }
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
        for (NlMessage m : messages) {
            int start = buf.position();
            int len = NLMSG_HDRLEN + bodyLength(m.body());
            buf.putInt(len).putShort((short) m.type()).putShort((short) m.flags()).putInt(m.seq()).putInt(m.pid());
            putBody(buf, m.body());
            buf.position(start + align(len));
        }
        return buf.array();
    }

    private static int bodyLength(NlBody body) {
        if (body instanceof IfAddrMsg a) {
            return IFADDRMSG_LEN + RtAttr.encodedLength(a.attrs());
        } else if (body instanceof IfInfoMsg i) {
            return IFINFOMSG_LEN + RtAttr.encodedLength(i.attrs());
        } else if (body instanceof NlError e) {
            return 4 + NLMSG_HDRLEN + RtAttr.encodedLength(e.extAck());
        } else if (body instanceof NlDone) {
            return 4;
        } else {
            return ((NlRaw) body).payload().length;
        }
    }

    private static void putBody(ByteBuffer buf, NlBody body) {
        if (body instanceof IfAddrMsg a) {
            buf.put((byte) a.family()).put((byte) a.prefixLength()).put((byte) a.flags()).put((byte) a.scope())
                    .putInt(a.index());
            RtAttr.encodeAll(buf, a.attrs());
        } else if (body instanceof IfInfoMsg i) {
            buf.put((byte) i.family()).put((byte) 0).putShort((short) i.deviceType()).putInt(i.index())
                    .putInt(i.flags()).putInt(i.change());
            RtAttr.encodeAll(buf, i.attrs());
        } else if (body instanceof NlError e) {
            NlMessage.Header h = e.request();
            buf.putInt(-e.errno()).putInt(h.length()).putShort((short) h.type()).putShort((short) h.flags())
                    .putInt(h.seq()).putInt(h.pid());
            RtAttr.encodeAll(buf, e.extAck());
        } else if (body instanceof NlDone d) {
            buf.putInt(d.status());
        } else {
            buf.put(((NlRaw) body).payload());
        }
    }

    // ---------------------------------------------------------------- decode

    public static NlDecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /** Decodes {@code length} bytes of {@code data} starting at {@code offset} as one netlink datagram. */
    public static NlDecodeResult decode(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            return new NlDecodeResult.Rejected("offset/length outside the buffer", COUNTER_BAD_LENGTH);
        }
        ByteBuffer buf = ByteBuffer.wrap(data, offset, length).slice().order(ByteOrder.nativeOrder());
        List<NlMessage> out = new ArrayList<>();
        while (buf.remaining() > 0) {
            int start = buf.position();
            if (buf.remaining() < NLMSG_HDRLEN) {
                return reject("truncated nlmsghdr: " + buf.remaining() + " bytes at offset " + start,
                        COUNTER_TRUNCATED_HEADER);
            }
            int len = buf.getInt();
            int type = buf.getShort() & 0xFFFF;
            int flags = buf.getShort() & 0xFFFF;
            int seq = buf.getInt();
            int pid = buf.getInt();
            if (len < NLMSG_HDRLEN || len > buf.limit() - start) {
                return reject("nlmsg_len " + Integer.toUnsignedString(len) + " at offset " + start
                        + " does not fit the " + (buf.limit() - start) + " remaining bytes", COUNTER_BAD_LENGTH);
            }
            ByteBuffer body = buf.duplicate().order(ByteOrder.nativeOrder());
            body.position(start + NLMSG_HDRLEN).limit(start + len);
            Object decoded = decodeBody(type, flags, body);
            if (decoded instanceof NlDecodeResult.Rejected r) {
                return r;
            }
            out.add(new NlMessage(type, flags, seq, pid, (NlBody) decoded));
            buf.position(Math.min(buf.limit(), start + align(len)));
        }
        return new NlDecodeResult.Ok(out);
    }

    /** Returns an NlBody or a Rejected. */
    private static Object decodeBody(int type, int msgFlags, ByteBuffer body) {
        switch (type) {
            case NLMSG_ERROR: {
                if (body.remaining() < 4 + NLMSG_HDRLEN) {
                    return reject("NLMSG_ERROR body of " + body.remaining() + " bytes, need 20",
                            COUNTER_TRUNCATED_BODY);
                }
                int error = body.getInt();
                if (error > 0 || error < -MAX_ERRNO) {
                    return reject("NLMSG_ERROR code " + error + " is not 0 or a negative errno",
                            COUNTER_BAD_ERROR_CODE);
                }
                NlMessage.Header h = new NlMessage.Header(body.getInt(), body.getShort() & 0xFFFF,
                        body.getShort() & 0xFFFF, body.getInt(), body.getInt());
                if ((msgFlags & NetlinkConstants.NLM_F_ACK_TLVS) == 0) {
                    return new NlError(-error, h);
                }
                if ((msgFlags & NetlinkConstants.NLM_F_CAPPED) == 0) {
                    // The whole request was echoed; its attributes are not ours to parse.
                    long echoed = Integer.toUnsignedLong(h.length()) - NLMSG_HDRLEN;
                    if (echoed < 0 || echoed > body.remaining()) {
                        return reject("NLMSG_ERROR echoes a " + Integer.toUnsignedString(h.length())
                                + "-byte request that does not fit", COUNTER_TRUNCATED_BODY);
                    }
                    body.position(body.position() + NetlinkConstants.align((int) echoed));
                    if (body.position() > body.limit()) {
                        body.position(body.limit());
                    }
                }
                Object tlvs = decodeAttrs(body);
                if (tlvs instanceof NlDecodeResult.Rejected) {
                    return tlvs;
                }
                return new NlError(-error, h, castAttrs(tlvs));
            }
            case NLMSG_DONE:
                return new NlDone(body.remaining() >= 4 ? body.getInt() : 0);
            case NetlinkConstants.RTM_NEWADDR:
            case NetlinkConstants.RTM_DELADDR:
            case NetlinkConstants.RTM_GETADDR: {
                if (body.remaining() < IFADDRMSG_LEN) {
                    return reject("ifaddrmsg of " + body.remaining() + " bytes, need 8", COUNTER_TRUNCATED_BODY);
                }
                int family = body.get() & 0xFF;
                int prefix = body.get() & 0xFF;
                int flags = body.get() & 0xFF;
                int scope = body.get() & 0xFF;
                int index = body.getInt();
                Object attrs = decodeAttrs(body);
                if (attrs instanceof NlDecodeResult.Rejected) {
                    return attrs;
                }
                return new IfAddrMsg(family, prefix, flags, scope, index, castAttrs(attrs));
            }
            case NetlinkConstants.RTM_NEWLINK:
            case NetlinkConstants.RTM_DELLINK:
            case NetlinkConstants.RTM_GETLINK:
            case NetlinkConstants.RTM_SETLINK: {
                if (body.remaining() < IFINFOMSG_LEN) {
                    return reject("ifinfomsg of " + body.remaining() + " bytes, need 16", COUNTER_TRUNCATED_BODY);
                }
                int family = body.get() & 0xFF;
                body.get(); // pad
                int devType = body.getShort() & 0xFFFF;
                int index = body.getInt();
                int flags = body.getInt();
                int change = body.getInt();
                Object attrs = decodeAttrs(body);
                if (attrs instanceof NlDecodeResult.Rejected) {
                    return attrs;
                }
                return new IfInfoMsg(family, devType, index, flags, change, castAttrs(attrs));
            }
            default: {
                byte[] payload = new byte[body.remaining()];
                body.get(payload);
                return new NlRaw(payload);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<RtAttr> castAttrs(Object attrs) {
        return (List<RtAttr>) attrs;
    }

    /** Returns a List of RtAttr or a Rejected. */
    private static Object decodeAttrs(ByteBuffer body) {
        List<RtAttr> attrs = new ArrayList<>();
        String bad = RtAttr.decodeAll(body, 0xFFFF, attrs);
        return bad == null ? attrs : reject(bad, COUNTER_BAD_ATTRIBUTE);
    }

    private static NlDecodeResult.Rejected reject(String reason, String counter) {
        return new NlDecodeResult.Rejected(reason, counter);
    }
}
