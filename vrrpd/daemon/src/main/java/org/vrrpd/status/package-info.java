/**
 * The daemon's status as immutable records: what {@code vrrpctl status}, {@code checks}, {@code history},
 * {@code reload}, {@code maintenance} and {@code version} show, and what the metrics endpoint renders.
 *
 * <p>The daemon builds these records; the control socket ({@code org.vrrpd.control}) is the only place that
 * turns them into JSON, and {@code vrrpctl} reads the JSON back into the same records. Field names, nesting
 * and value formats of the JSON are a published interface (operators script against
 * {@code vrrpctl status --json}): record components carry the JSON names, with a Jackson annotation where the
 * Java name differs. Timestamps ({@link java.time.Instant}) are written as ISO-8601 text, states by name.
 *
 * <p>This package depends on nothing of the daemon: the protocol core's {@code VrrpState} and Jackson's
 * annotations only.
 */
package org.vrrpd.status;
