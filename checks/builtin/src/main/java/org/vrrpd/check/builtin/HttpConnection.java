package org.vrrpd.check.builtin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One HTTP/1.1 connection of the http check, kept alive between runs: the request and the response go through
 * Netty's HTTP codec ({@link HttpClientCodec}: status line, headers, Content-Length, chunked and close-delimited
 * bodies, no body for HEAD, 204 and 304), the bytes over a blocking {@link LineConnection} (plain or TLS) that
 * never waits past the run's deadline. No thread of its own; a run uses it alone.
 */
final class HttpConnection implements AutoCloseable {

    /** What came back: the status, the first {@code maxBody} bytes of the body, whether the connection stays. */
    record Response(int status, String body, boolean keepAlive) {
    }

    private static final int READ_BUFFER = 16 * 1024;

    private final LineConnection line;
    private final EmbeddedChannel codec = new EmbeddedChannel(new HttpClientCodec(4096, 16 * 1024, 16 * 1024));
    private final byte[] buf = new byte[READ_BUFFER];
    private boolean received;

    private HttpConnection(LineConnection line) {
        this.line = line;
        codec.config().setAllocator(CheckBuffers.ALLOCATOR);
    }

    static HttpConnection open(String host, int port, ClientTls tls, Clock clock, Instant deadline, Duration timeout)
            throws ProbeFailure {
        return new HttpConnection(LineConnection.open(host, port, tls, clock, deadline, timeout));
    }

    /** Whether any byte of a response has arrived on this connection (a reused one that fails before is stale). */
    boolean received() {
        return received;
    }

    /** Sends one request and reads its response, by {@code deadline}. */
    Response exchange(HttpMethod method, String target, String hostHeader, Instant deadline, int maxBody)
            throws ProbeFailure {
        line.rearm(deadline);
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
                Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.USER_AGENT, "vrrpd-check")
                .set(HttpHeaderNames.ACCEPT, "*/*");
        codec.writeOutbound(req);
        for (Object o = codec.readOutbound(); o != null; o = codec.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            try {
                line.write(ByteBufUtil.getBytes(b), "request");
            } finally {
                b.release();
            }
        }
        received = false;
        ByteBuf body = Unpooled.buffer(0, maxBody);
        try {
            return read(body, maxBody);
        } finally {
            body.release();
        }
    }

    private Response read(ByteBuf body, int maxBody) throws ProbeFailure {
        HttpResponse head = null;
        boolean keepAlive = false;
        while (true) {
            int n = line.read(buf, "response");
            if (n < 0) {
                codec.finish(); // the end of the stream ends a close-delimited body
            } else {
                received = true;
                codec.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
            }
            for (Object o = codec.readInbound(); o != null; o = codec.readInbound()) {
                try {
                    if (o instanceof HttpResponse r) {
                        if (r.decoderResult().isFailure()) {
                            throw new ProbeFailure("malformed response: " + r.decoderResult().cause().getMessage());
                        }
                        if (r.status().code() / 100 == 1) {
                            continue; // 100 Continue and the like: the final response follows
                        }
                        head = r;
                        keepAlive = HttpUtil.isKeepAlive(r);
                    }
                    if (o instanceof HttpContent c) {
                        if (c.decoderResult().isFailure()) {
                            throw new ProbeFailure("malformed response body: " + c.decoderResult().cause().getMessage());
                        }
                        ByteBuf content = c.content();
                        int take = Math.min(content.readableBytes(), maxBody - body.readableBytes());
                        body.writeBytes(content, content.readerIndex(), take);
                        boolean whole = take == content.readableBytes();
                        if (head != null && (c instanceof LastHttpContent || !whole)) {
                            // past maxBody: enough to judge; the rest is not read, so the connection is not reused
                            boolean reuse = keepAlive && whole && n >= 0 && nothingMore();
                            return new Response(head.status().code(), body.toString(StandardCharsets.UTF_8), reuse);
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(o);
                }
            }
            if (n < 0) {
                throw new ProbeFailure("connection closed while reading response", true);
            }
        }
    }

    /** Whether nothing follows the response (a server that sends more is not one to reuse a connection with). */
    private boolean nothingMore() {
        boolean none = true;
        for (Object o = codec.readInbound(); o != null; o = codec.readInbound()) {
            ReferenceCountUtil.release(o);
            none = false;
        }
        return none;
    }

    @Override
    public void close() {
        codec.finishAndReleaseAll();
        line.close();
    }
}
