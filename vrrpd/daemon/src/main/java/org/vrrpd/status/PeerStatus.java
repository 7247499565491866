package org.vrrpd.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One peer heard on an instance's VRID, from its last advert.
 *
 * @param source                the IP source address
 * @param version               the VRRP version it sends
 * @param priority              its advertised priority (0: it stopped)
 * @param authentication        {@code none}, {@code PASS}, {@code AH} or {@code type N}; never the password
 * @param authenticationMatches whether it is what this instance sends and requires
 * @param intervalMs            its advert interval
 * @param checksum              {@code pseudo-header}, {@code message-only}, or {@code bad} (wrong in either form)
 * @param vips                  the addresses it advertises
 * @param adverts               adverts heard from it
 * @param lastHeardMs           milliseconds since its last advert
 * @param dropReason            why this instance dropped its last advert, or null when accepted (then left out)
 * @param compatible            false when a difference would give two Masters
 * @param left                  whether its last advert had priority 0
 * @param differences           each difference with its fix: {@code sends VRRPv2 with auth PASS; set ...}
 */
public record PeerStatus(String source, int version, int priority, String authentication,
        boolean authenticationMatches, long intervalMs, String checksum, List<String> vips, long adverts,
        long lastHeardMs, @JsonInclude(JsonInclude.Include.NON_NULL) String dropReason, boolean compatible,
        boolean left, List<String> differences) {

    public PeerStatus {
        vips = Copies.copy(vips);
        differences = Copies.copy(differences);
    }
}
