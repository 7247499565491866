package org.vrrpd.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
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

    @Test
    void rehearseFrame_shouldEndInTheRefusedNativeCall_withoutAnException_fromAnyThread() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try (LinuxVrrpTransport transport = new LinuxVrrpTransport(group.next())) {
            byte[] frame = LinkFrames.gratuitousArp((Inet4Address) InetAddress.getByName("192.0.2.10"),
                    MacAddress.parse("02:00:00:00:00:01"));
            assertDoesNotThrow(() -> transport.rehearseFrame(1, frame));
            assertDoesNotThrow(() -> transport.rehearseFrame(1, new byte[2])); // too short: still swallowed
            assertEquals(1, transport.interfaceIndex("lo"), "the transport works on after rehearsals");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
