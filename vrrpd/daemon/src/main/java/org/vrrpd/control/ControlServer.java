package org.vrrpd.control;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: a Unix stream socket (mode 0660, group {@code vrrpd} where that group exists) served on
 * its own thread, so a slow or hostile client can never stall the protocol thread. Each connection may send
 * any number of requests, one JSON line each. Who may do what is decided from the peer's kernel credentials:
 * anyone who can open the socket may read; changing commands need root or the admin group.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Path path;
    private final ControlService service;
    private volatile OptionalInt adminGid;
    private final EventLoopGroup group;
    private final Channel channel;

    private ControlServer(Path path, ControlService service, OptionalInt adminGid, EventLoopGroup group,
                          Channel channel) {
        this.path = path;
        this.service = service;
        this.adminGid = adminGid;
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds the socket at {@code path} (replacing a stale one), sets mode 0660 and group {@code socketGroup}
     * when that group exists, and serves {@code service}.
     *
     * @param adminGid members of this group may run changing commands; root always may
     */
    public static ControlServer start(Path path, String socketGroup, OptionalInt adminGid, ControlService service)
            throws IOException {
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                r -> {
                    Thread t = new Thread(r, "vrrpd-control");
                    t.setDaemon(true);
                    return t;
                }, EpollIoHandler.newFactory());
        ControlServer[] self = new ControlServer[1];
        try {
            Channel ch = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                        @Override
                        protected void initChannel(EpollDomainSocketChannel c) {
                            c.pipeline().addLast(new LineBasedFrameDecoder(ControlProtocol.MAX_REQUEST_BYTES, true,
                                    true));
                            c.pipeline().addLast(new Connection(self[0]));
                        }
                    }).bind(new DomainSocketAddress(path.toFile())).sync().channel();
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
            setGroup(path, socketGroup);
            self[0] = new ControlServer(path, service, adminGid, group, ch);
            return self[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IOException("interrupted while binding " + path, e);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully();
            throw new IOException("cannot serve the control socket " + path + ": " + e.getMessage(), e);
        }
    }

    private static void setGroup(Path path, String group) {
        if (group == null) {
            return;
        }
        try {
            GroupPrincipal principal = path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(group);
            Files.setAttribute(path, "posix:group", principal);
        } catch (UserPrincipalNotFoundException e) {
            // no such group on this host (a daemon run from a build tree): the socket stays root's or the user's
            LOG.debug("control socket {} keeps its group: no group '{}'", path, group);
        } catch (IOException e) {
            LOG.warn("control socket {} keeps its group: cannot give it to group '{}' ({}); the daemon's user must"
                    + " be a member of that group (SupplementaryGroups= in a drop-in of vrrpd.service)", path, group,
                    e.toString());
        }
    }

    public Path path() {
        return path;
    }

    /**
     * A reload's new {@code admin_group}: the socket's group becomes {@code socketGroup} (kept, with a warning,
     * when it cannot be given) and from the next request on only root and members of {@code adminGid} may change
     * the daemon.
     */
    public void adminGroup(String socketGroup, OptionalInt adminGid) {
        setGroup(path, socketGroup);
        this.adminGid = adminGid;
        LOG.info("control socket {}: admin group now '{}'{}", path, socketGroup,
                adminGid.isPresent() ? " (gid " + adminGid.getAsInt() + ")" : ", unknown here: only root may change"
                        + " the daemon");
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a socket file left behind is replaced at the next start
        }
    }

    private String authorise(String command, Caller caller) throws ControlException {
        if (!service.knows(command)) {
            throw new ControlException("unknown_command", "unknown command '" + command + "'");
        }
        OptionalInt admins = adminGid; // one read: a reload may change it
        if (service.mutates(command) && !caller.isRoot()
                && !(admins.isPresent() && caller.inGroup(admins.getAsInt()))) {
            throw new ControlException("forbidden",
                    "'" + command + "' changes the daemon: it needs root or the admin group (you are uid "
                            + caller.uid() + ")");
        }
        return command;
    }

    /** One client connection: requests are answered in order. */
    private static final class Connection extends SimpleChannelInboundHandler<ByteBuf> {

        private final ControlServer server;
        private Caller caller;

        Connection(ControlServer server) {
            this.server = server;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            PeerCredentials cred = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials();
            caller = new Caller(cred.pid(), cred.uid(), Groups.of(cred.pid(), cred.gids()));
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            String line = msg.toString(StandardCharsets.UTF_8);
            ctx.channel().config().setAutoRead(false); // one request at a time per connection
            try {
                ControlProtocol.Request req = ControlProtocol.parseRequest(line);
                String command = server.authorise(req.command(), caller);
                if (server.service.mutates(command)) {
                    LOG.info("control: '{}' from {}", command, caller);
                }
                server.service.handle(command, req.args(), caller).whenComplete((data, err) -> {
                    reply(ctx, err == null ? okReply(data) : errorReply(err));
                });
            } catch (ControlException e) {
                reply(ctx, ControlProtocol.error(e.code(), e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("control request failed", e);
                reply(ctx, ControlProtocol.error("failed", String.valueOf(e.getMessage())));
            }
        }

        /** The reply's data as JSON; a record that cannot be written still gets an answer. */
        private static String okReply(Object data) {
            try {
                return ControlProtocol.ok(data);
            } catch (IllegalArgumentException e) {
                LOG.warn("control reply cannot be written as JSON", e);
                return ControlProtocol.error("failed", "the reply cannot be written as JSON: " + e.getMessage());
            }
        }

        private static String errorReply(Throwable err) {
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof ControlException ce) {
                return ControlProtocol.error(ce.code(), ce.getMessage());
            }
            return ControlProtocol.error("failed", String.valueOf(cause.getMessage()));
        }

        private static void reply(ChannelHandlerContext ctx, String json) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(json + "\n", StandardCharsets.UTF_8));
            ctx.channel().eventLoop().execute(() -> ctx.channel().config().setAutoRead(true));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(ControlProtocol.error("too_large",
                        "request longer than " + ControlProtocol.MAX_REQUEST_BYTES + " bytes") + "\n",
                        StandardCharsets.UTF_8)).addListener(f -> ctx.close());
                return;
            }
            LOG.debug("control connection closed: {}", cause.toString());
            ctx.close();
        }
    }

    /** Supplementary groups of a peer, from /proc; falls back to what SO_PEERCRED gave. */
    static final class Groups {

        private Groups() {
        }

        static int[] of(int pid, int[] fromCred) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("Groups:")) {
                        String rest = line.substring(7).trim();
                        int[] supplementary = rest.isEmpty() ? new int[0]
                                : Arrays.stream(rest.split("\\s+")).mapToInt(Integer::parseInt).toArray();
                        return IntStream.concat(Arrays.stream(fromCred),
                                Arrays.stream(supplementary)).distinct().toArray();
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // the peer may be gone already; its primary group is still known
            }
            return fromCred;
        }
    }
}
