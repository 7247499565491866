package org.vrrpd.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One instance in the {@code preflight} reply.
 *
 * @param name           the instance
 * @param vrid           the VRID listened to
 * @param version        the VRRP version it speaks
 * @param authentication what it sends and requires: {@code none}, {@code PASS} (never the password)
 * @param intervalMs     its advert interval
 * @param checksum       the checksum form its adverts carry: {@code pseudo-header} or {@code message-only}
 * @param vips           its VIPs
 * @param windowMs       the peers listed were heard within this many milliseconds before the reply
 * @param onIncompatible {@code warn} or {@code hold}
 * @param hold           why it is held out of Master now, or null (then left out of the JSON)
 * @param peers          the peers heard, by source address
 */
public record InstancePreflight(String name, int vrid, int version, String authentication, long intervalMs,
        String checksum, List<String> vips, long windowMs, String onIncompatible,
        @JsonInclude(JsonInclude.Include.NON_NULL) String hold, List<PeerStatus> peers) {

    public InstancePreflight {
        vips = Copies.copy(vips);
        peers = Copies.copy(peers);
    }
}
