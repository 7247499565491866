package org.vrrpd.status;

/**
 * One check's or tracked interface's share of an instance's priority.
 *
 * @param check the check's name ({@code track:IFNAME} for a tracked interface)
 * @param up    whether it is up (after rise/fall)
 * @param delta the points it adds or takes now
 */
public record PriorityContribution(String check, boolean up, int delta) {
}
