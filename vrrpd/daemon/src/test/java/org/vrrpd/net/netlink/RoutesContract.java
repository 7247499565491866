package org.vrrpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vrrpd.wire.AddressFamily;

/**
 * Routes and rules ({@code virtual_routes}, {@code virtual_rules}) of the {@link Rtnetlink} contract, run against
 * the in-memory fake and against Linux in a network namespace (the interface is up, without IPv4 addresses).
 */
interface RoutesContract {

    Rtnetlink rtnetlink();

    int ifindex();

    private Route deviceRoute(String dst, int len, long table) throws Exception {
        return new Route(InetAddress.getByName(dst), len, Optional.empty(), ifindex(), table, 0);
    }

    @Test
    default void addRoute_isIdempotent_andRemoveRouteToo() throws Exception {
        Route r = deviceRoute("198.51.100.0", 24, 100);
        try {
            assertTrue(rtnetlink().addRoute(r));
            assertFalse(rtnetlink().addRoute(r), "a second add finds the route there");
            assertTrue(rtnetlink().removeRoute(r));
            assertFalse(rtnetlink().removeRoute(r), "a second remove finds nothing");
        } finally {
            rtnetlink().removeRoute(r);
        }
    }

    @Test
    default void addRoute_ipv6_inATableAbove255() throws Exception {
        Route r = deviceRoute("2001:db8:5::", 64, 1000);
        try {
            assertTrue(rtnetlink().addRoute(r));
            assertFalse(rtnetlink().addRoute(r));
        } finally {
            assertTrue(rtnetlink().removeRoute(r));
        }
    }

    @Test
    default void addRoute_onAnUnknownInterface_failsWithNoSuchDevice() throws Exception {
        Route r = new Route(InetAddress.getByName("198.51.100.0"), 24, Optional.empty(), 999_997, 100, 0);
        assertEquals(NetlinkConstants.ENODEV, assertThrows(NetlinkException.class,
                () -> rtnetlink().addRoute(r)).errno());
    }

    @Test
    default void addRule_isIdempotent_andRemoveRuleToo() throws Exception {
        Rule r = new Rule(AddressFamily.IPV4, Optional.of(InetAddress.getByName("192.0.2.10")), 32, Optional.empty(),
                0, 100, 1000);
        try {
            assertTrue(rtnetlink().addRule(r));
            assertFalse(rtnetlink().addRule(r), "a second add finds the rule there");
            assertTrue(rtnetlink().removeRule(r));
            assertFalse(rtnetlink().removeRule(r), "a second remove finds nothing");
        } finally {
            rtnetlink().removeRule(r);
        }
    }

    @Test
    default void addRule_ipv6_toAPrefix() throws Exception {
        Rule r = new Rule(AddressFamily.IPV6, Optional.empty(), 0, Optional.of(InetAddress.getByName("2001:db8:7::")),
                48, 200, 1001);
        try {
            assertTrue(rtnetlink().addRule(r));
        } finally {
            assertTrue(rtnetlink().removeRule(r));
        }
    }
}
