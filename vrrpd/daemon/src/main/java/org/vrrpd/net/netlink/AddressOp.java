package org.vrrpd.net.netlink;

import org.vrrpd.wire.Addresses;

/**
 * What an address request does ("add 192.0.2.10/24 on ifindex 3"), for its error messages: the text is only built
 * when one is thrown, so a takeover adds its VIPs without formatting them.
 */
record AddressOp(String verb, InterfaceAddress address, String preposition) {

    static AddressOp add(InterfaceAddress a) {
        return new AddressOp("add ", a, " on ifindex ");
    }

    static AddressOp remove(InterfaceAddress a) {
        return new AddressOp("remove ", a, " from ifindex ");
    }

    @Override
    public String toString() {
        return verb + Addresses.text(address.address()) + "/" + address.prefixLength() + preposition
                + address.ifindex();
    }
}
