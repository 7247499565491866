/**
 * The VRRP wire format, pure and I/O-free: the {@link org.vrrpd.wire.VrrpAdvertisement} record and its
 * stateless {@link org.vrrpd.wire.VrrpCodec}, the checksum forms ({@link org.vrrpd.wire.ChecksumMode}),
 * per-instance receive validation ({@link org.vrrpd.wire.ReceiveValidator}) and the IPv4 header parser for
 * raw sockets ({@link org.vrrpd.wire.Ipv4Header}). Decoders return typed {@link org.vrrpd.wire.Rejection}s
 * with stable counter names and never throw on bad bytes. See docs/WIRE.md.
 */
package org.vrrpd.wire;
