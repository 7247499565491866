package org.vrrpd.net;

import org.vrrpd.wire.Addresses;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VrrpTransport} on Linux raw sockets, driven by one Netty epoll {@link IoEventLoop}: every socket is
 * created, read and closed on the loop thread (so it lives in that thread's network namespace), readiness comes
 * from epoll and {@code recvmsg} runs via jnr on the loop thread. The caller's timers use the same loop's
 * {@code schedule(...)}, so all protocol I/O and decisions run on one thread.
 *
 * <p>Create the loop with {@code new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory()).next()}.
 */
public final class LinuxVrrpTransport implements VrrpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(LinuxVrrpTransport.class);

    private final IoEventLoop loop;
    private final NativeCalls nc;
    private final Set<Endpoint> endpoints = ConcurrentHashMap.newKeySet();
    private int packetFd = -1;
    private volatile boolean closed;

    public LinuxVrrpTransport(IoEventLoop loop) {
        this(loop, NativeCalls.load());
    }

    LinuxVrrpTransport(IoEventLoop loop, NativeCalls nc) {
        this.loop = Objects.requireNonNull(loop);
        this.nc = Objects.requireNonNull(nc);
    }

    @Override
    public VrrpEndpoint open(EndpointSpec spec, PacketHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        return onLoop(() -> {
            if (closed) {
                throw new IOException("transport is closed");
            }
            openPacketSocket(); // now, not at the first takeover's gratuitous ARP
            RawVrrpSocket socket = RawVrrpSocket.open(nc, spec, handler);
            IoRegistration registration;
            try {
                registration = loop.register(socket).sync().getNow();
                registration.submit(EpollIoOps.EPOLLIN);
            } catch (Exception e) {
                socket.close();
                throw new IOException("registering " + socket + " with the event loop failed", e);
            }
            Endpoint endpoint = new Endpoint(socket, registration);
            endpoints.add(endpoint);
            return endpoint;
        });
    }

    @Override
    public int interfaceIndex(String interfaceName) throws IOException {
        return onLoop(() -> nc.ifNameToIndex(interfaceName));
    }

    @Override
    public MacAddress hardwareAddress(String interfaceName) throws IOException {
        return onLoop(() -> new MacAddress(nc.hardwareAddress(interfaceName)));
    }

    @Override
    public void sendGratuitousArp(int ifIndex, Inet4Address vip, MacAddress mac) throws IOException {
        byte[] frame = LinkFrames.gratuitousArp(vip, mac);
        sendFrame(ifIndex, LinkFrames.ETHERTYPE_ARP, frame, "gratuitous ARP for " + Addresses.text(vip));
    }

    @Override
    public void sendGratuitousArp(int ifIndex, Inet4Address vip, MacAddress owner, MacAddress ethernetSource)
            throws IOException {
        byte[] frame = LinkFrames.gratuitousArp(vip, owner, ethernetSource);
        sendFrame(ifIndex, LinkFrames.ETHERTYPE_ARP, frame, "gratuitous ARP for " + vip.getHostAddress() + " at "
                + owner);
    }

    @Override
    public void sendUnsolicitedNa(int ifIndex, Inet6Address source, Inet6Address vip, MacAddress mac, boolean router)
            throws IOException {
        byte[] frame = LinkFrames.unsolicitedNeighborAdvert(source, vip, mac, router);
        sendFrame(ifIndex, LinkFrames.ETHERTYPE_IPV6, frame, "unsolicited NA for " + Addresses.text(vip));
    }

    @Override
    public void sendUnsolicitedNa(int ifIndex, Inet6Address source, Inet6Address vip, MacAddress owner,
                                  MacAddress ethernetSource, boolean router) throws IOException {
        byte[] frame = LinkFrames.unsolicitedNeighborAdvert(source, vip, owner, ethernetSource, router);
        sendFrame(ifIndex, LinkFrames.ETHERTYPE_IPV6, frame, "unsolicited NA for " + Addresses.text(vip) + " at "
                + owner);
    }

    private void sendFrame(int ifIndex, int etherType, byte[] frame, String what) throws IOException {
        if (loop.inEventLoop()) { // the protocol thread's own sends: no task object on the takeover's path
            sendFrameNow(packetSocket(), ifIndex, etherType, frame, what);
            return;
        }
        onLoop(() -> {
            sendFrameNow(packetSocket(), ifIndex, etherType, frame, what);
            return null;
        });
    }

    private void sendFrameNow(int fd, int ifIndex, int etherType, byte[] frame, String what) throws NativeException {
        byte[] destination = new byte[6];
        System.arraycopy(frame, 0, destination, 0, 6);
        nc.sendto(fd, frame, Structs.sockaddrLl(etherType, ifIndex, destination), what);
    }

    @Override
    public void rehearseFrame(int ifIndex, byte[] frame) {
        try {
            int etherType = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
            sendFrameNow(-1, ifIndex, etherType, frame, "rehearsal"); // fd -1: EBADF, nothing sent
        } catch (NativeException | RuntimeException expected) {
            // the rehearsal ends in EBADF by design
        }
    }

    private int packetSocket() throws IOException {
        openPacketSocket();
        return packetFd;
    }

    /** On the loop: the send-only packet socket for gratuitous ARP / unsolicited NA, once. */
    private void openPacketSocket() throws IOException {
        if (packetFd < 0) {
            // Protocol 0: a send-only packet socket, it never queues received frames.
            packetFd = nc.socket(NativeCalls.AF_PACKET, NativeCalls.SOCK_RAW, 0, "AF_PACKET socket for GARP/NA");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Endpoint e : endpoints) {
            e.close();
        }
        try {
            onLoop(() -> {
                if (packetFd >= 0) {
                    nc.close(packetFd);
                    packetFd = -1;
                }
                return null;
            });
        } catch (IOException e) {
            LOG.warn("closing the packet socket: {}", e.getMessage());
        }
    }

    private <T> T onLoop(Callable<T> task) throws IOException {
        try {
            if (loop.inEventLoop()) {
                return task.call();
            }
            return loop.submit(task).get();
        } catch (RejectedExecutionException e) {
            throw new IOException("the event loop is shut down", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    private final class Endpoint implements VrrpEndpoint {
        private final RawVrrpSocket socket;
        private final IoRegistration registration;

        Endpoint(RawVrrpSocket socket, IoRegistration registration) {
            this.socket = socket;
            this.registration = registration;
        }

        @Override
        public EndpointSpec spec() {
            return socket.spec();
        }

        @Override
        public int ifIndex() {
            return socket.ifIndex();
        }

        @Override
        public void send(byte[] payload, InetAddress destination, InetAddress source) throws IOException {
            if (loop.inEventLoop()) { // the protocol thread's adverts: no task object per send
                if (socket.isClosed()) {
                    throw new IOException(socket + " is closed");
                }
                socket.send(payload, destination, source);
                return;
            }
            onLoop(() -> {
                if (socket.isClosed()) {
                    throw new IOException(socket + " is closed");
                }
                socket.send(payload, destination, source);
                return null;
            });
        }

        @Override
        public void rehearseSend(byte[] payload, InetAddress destination, InetAddress source) {
            socket.rehearseSend(payload, destination, source);
        }

        @Override
        public int drainPending() {
            return socket.drainPending();
        }

        @Override
        public long refusedPackets() {
            return socket.refused();
        }

        @Override
        public void close() {
            endpoints.remove(this);
            try {
                onLoop(() -> {
                    if (!socket.isClosed()) {
                        registration.cancel();
                        socket.close();
                    }
                    return null;
                });
            } catch (IOException e) {
                LOG.warn("closing {}: {}", socket, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return socket.toString();
        }
    }
}
