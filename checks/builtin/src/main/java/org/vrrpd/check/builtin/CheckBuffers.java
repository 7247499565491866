package org.vrrpd.check.builtin;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * The Netty buffers of the checks (the native TLS engine, the HTTP codec): unpooled, heap unless direct memory is
 * asked for. A check runs once a second or so; a pool would keep arenas and per-thread caches for every check
 * worker thread for that, several MiB of resident memory, where a run needs a few KiB for a few milliseconds.
 */
final class CheckBuffers {

    static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);

    private CheckBuffers() {
    }
}
