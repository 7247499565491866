package org.vrrpd.net.nftables;

/**
 * The outcome of decoding an nf_tables message body: the message, or a rejection with a readable reason and a
 * stable counter name. Decoders return this instead of throwing on malformed input.
 */
public sealed interface NftDecodeResult<T> {

    record Ok<T>(T value) implements NftDecodeResult<T> {
    }

    record Rejected<T>(String reason, String counter) implements NftDecodeResult<T> {
    }
}
