package org.vrrpd.status;

/**
 * The {@code version} reply.
 *
 * @param version  the daemon's build version
 * @param pid      the daemon's process id
 * @param uptimeMs milliseconds since the daemon started
 */
public record VersionReply(String version, long pid, long uptimeMs) {
}
