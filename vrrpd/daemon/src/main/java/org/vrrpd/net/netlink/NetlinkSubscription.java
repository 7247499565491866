package org.vrrpd.net.netlink;

import java.time.Duration;
import java.util.List;

/**
 * A stream of link and address events. Two ways to read it:
 * <ul>
 *   <li>blocking: {@link #poll(Duration)} waits for one datagram and returns its events;</li>
 *   <li>event loop: register {@link #fd()} (non-blocking) for readability with epoll, and on each wake-up call
 *       {@link #readAvailable()}, which drains every pending datagram without blocking.</li>
 * </ul>
 * A {@link NetlinkEvent.ResyncNeeded} in the result means events were lost; re-read state with dumps.
 */
public interface NetlinkSubscription extends AutoCloseable {

    /** The socket's file descriptor in O_NONBLOCK mode, or -1 for an in-memory implementation. */
    int fd();

    /** Waits up to {@code timeout} for one datagram; returns its events, or an empty list on timeout. */
    List<NetlinkEvent> poll(Duration timeout) throws NetlinkException;

    /** Returns the events of every datagram pending now, without blocking; empty if none. */
    List<NetlinkEvent> readAvailable() throws NetlinkException;

    /** Datagrams skipped because the codec rejected them (counter "netlink.rx.rejected"). */
    long rejectedDatagrams();

    @Override
    void close() throws NetlinkException;
}
