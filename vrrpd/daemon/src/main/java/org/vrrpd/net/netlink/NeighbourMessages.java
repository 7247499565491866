package org.vrrpd.net.netlink;

import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_ACK;
import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_CREATE;
import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_DUMP;
import static org.vrrpd.net.netlink.NetlinkConstants.NLM_F_REQUEST;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vrrpd.wire.AddressFamily;

/**
 * Pure translation between neighbour-table messages and {@link Neighbour}: a get of one entry, a dump of one
 * family (optionally one interface), a request that makes the kernel resolve an address (NTF_USE), and reading
 * RTM_NEWNEIGH replies. No I/O; {@link NeighbourLookup} sends these.
 */
public final class NeighbourMessages {

    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;
    public static final int NDA_DST = 1;
    public static final int NDA_LLADDR = 2;
    public static final int NDA_IFINDEX = 8;
    /** ndm_flags: "use" the entry, which starts resolution like a packet queued to it would. */
    public static final int NTF_USE = 0x01;

    private NeighbourMessages() {
    }

    /** RTM_GETNEIGH for one address on one interface (Linux 5.0+); one RTM_NEWNEIGH or ENOENT comes back. */
    public static NlMessage get(int ifindex, InetAddress address, int seq) {
        NdMsg m = new NdMsg(family(address), ifindex, 0, 0, 0, List.of(new RtAttr(NDA_DST, address.getAddress())));
        return new NlMessage(RTM_GETNEIGH, NLM_F_REQUEST, seq, 0, m.body());
    }

    /**
     * RTM_GETNEIGH dump of one family; with {@code ifindex > 0} NDA_IFINDEX asks the kernel to keep only that
     * interface (older kernels may ignore it, so callers filter again).
     */
    public static NlMessage dump(int family, int ifindex, int seq) {
        List<RtAttr> attrs = ifindex > 0 ? List.of(RtAttr.ofU32(NDA_IFINDEX, ifindex)) : List.of();
        return new NlMessage(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq, 0,
                new NdMsg(family, 0, 0, 0, 0, attrs).body());
    }

    /**
     * RTM_NEWNEIGH with NTF_USE (creating the entry if need be): the kernel starts resolving {@code address}
     * on {@code ifindex} (an ARP request or Neighbor Solicitation) without any packet from us; a STALE entry is
     * re-confirmed. The state field is NUD_NONE, so a new entry stays an ordinary, garbage-collected one.
     */
    public static NlMessage resolve(int ifindex, InetAddress address, int seq) {
        NdMsg m = new NdMsg(family(address), ifindex, 0, NTF_USE, 0,
                List.of(new RtAttr(NDA_DST, address.getAddress())));
        return new NlMessage(RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE, seq, 0, m.body());
    }

    /**
     * Reads a neighbour out of an RTM_NEWNEIGH message; empty for other types, a malformed body, a family other
     * than IPv4/IPv6, or an NDA_DST of the wrong length.
     */
    public static Optional<Neighbour> toNeighbour(NlMessage message) {
        if (message.type() != RTM_NEWNEIGH || !(message.body() instanceof NlRaw raw)) {
            return Optional.empty();
        }
        NdMsg.Decoded d = NdMsg.decode(raw.payload());
        if (!(d instanceof NdMsg.Decoded.Ok ok)) {
            return Optional.empty();
        }
        NdMsg m = ok.message();
        Optional<AddressFamily> family = AddressFamily.ofKernelNumber(m.family());
        Optional<RtAttr> dst = RtAttr.find(m.attrs(), NDA_DST);
        if (family.isEmpty() || dst.isEmpty() || dst.get().value().length != family.get().addressLength()) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(dst.get().value());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        byte[] lladdr = RtAttr.find(m.attrs(), NDA_LLADDR).map(RtAttr::value).orElse(new byte[0]);
        return Optional.of(new Neighbour(m.ifindex(), address, m.state(), m.flags(), lladdr));
    }

    /** Every neighbour in {@code messages} that is on {@code ifindex} (any, if 0) and of {@code family}. */
    public static List<Neighbour> toNeighbours(List<NlMessage> messages, int family, int ifindex) {
        List<Neighbour> out = new ArrayList<>();
        for (NlMessage m : messages) {
            toNeighbour(m).filter(n -> ifindex <= 0 || n.ifindex() == ifindex)
                    .filter(n -> family(n.address()) == family).ifPresent(out::add);
        }
        return out;
    }

    static int family(InetAddress address) {
        return AddressFamily.of(address).kernelNumber();
    }
}
