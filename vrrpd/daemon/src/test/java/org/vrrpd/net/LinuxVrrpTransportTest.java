package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.Test;

/** What needs no privileges: interface look-ups through the loop, and behaviour once the loop is gone. */
class LinuxVrrpTransportTest {

    @Test
    void interfaceLookups_shouldRunThroughTheLoop_andSeeLoopback() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (LinuxVrrpTransport transport = new LinuxVrrpTransport(group.next())) {
            assertEquals(1, transport.interfaceIndex("lo"));
            assertEquals(MacAddress.parse("00:00:00:00:00:00"), transport.hardwareAddress("lo"));
            NativeException e = assertThrows(NativeException.class, () -> transport.hardwareAddress("nosuch0"));
            assertTrue(e.getMessage().contains("SIOCGIFHWADDR"), e.getMessage());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void calls_shouldFailWithIOException_andCloseShouldNotThrow_afterTheLoopShutDown() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        LinuxVrrpTransport transport = new LinuxVrrpTransport(group.next());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        IOException e = assertThrows(IOException.class, () -> transport.interfaceIndex("lo"));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
        assertDoesNotThrow(transport::close);
        assertDoesNotThrow(transport::close);
    }
}
