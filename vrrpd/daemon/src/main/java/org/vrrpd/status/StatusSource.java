package org.vrrpd.status;

/** Fresh snapshots of the status and the checks (the daemon's control service; fakes in tests). */
public interface StatusSource {

    /** The status of every instance, as {@code vrrpctl status} shows it. */
    StatusReply status() throws Exception;

    /** Every check and tracked interface, as {@code vrrpctl checks} shows it. */
    ChecksReply checks() throws Exception;
}
