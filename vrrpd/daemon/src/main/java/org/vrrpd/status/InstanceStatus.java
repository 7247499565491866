package org.vrrpd.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.vrrpd.fsm.VrrpState;

/**
 * One virtual router in the {@code status} reply.
 *
 * @param name           the instance's configured name
 * @param interfaceName  the interface it runs on (JSON {@code interface})
 * @param vmacInterface  its macvlan interface with the virtual MAC, or null (then left out of the JSON)
 * @param vrid           the virtual router id
 * @param family         {@code ipv4} or {@code ipv6}
 * @param version        VRRP version, 2 or 3
 * @param authentication VRRPv2 authentication sent and required: {@code pass} or {@code ah}, or null for none (left out of
 *                       the JSON); never the password
 * @param state          the RFC state now
 * @param since          when it entered that state
 * @param inStateMs      milliseconds in that state when the snapshot was taken
 * @param maintenance    whether an operator put it in maintenance
 * @param source         the primary address it sends adverts from
 * @param priority       base and effective priority with the breakdown
 * @param master         the Master it knows of (itself when Master), or null
 * @param vips           the virtual addresses, as CIDR text
 * @param lastTransition its last state change, or null before the first
 * @param counters       packet and transition counters
 * @param hold           why the peer preflight holds it out of Master ({@code on_incompatible: hold}), or null
 *                       (then left out of the JSON)
 */
public record InstanceStatus(String name, @JsonProperty("interface") String interfaceName,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String vmacInterface, int vrid,
                             String family, int version,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String authentication, VrrpState state, Instant since, long inStateMs,
                             boolean maintenance, String source, PriorityStatus priority,
                             @JsonInclude(JsonInclude.Include.ALWAYS) MasterStatus master, List<String> vips,
                             @JsonInclude(JsonInclude.Include.ALWAYS) LastTransition lastTransition,
                             CounterStatus counters, @JsonInclude(JsonInclude.Include.NON_NULL) String hold) {

    public InstanceStatus {
        vips = Copies.copy(vips);
    }
}
