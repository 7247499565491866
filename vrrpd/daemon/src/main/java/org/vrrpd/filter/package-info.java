/**
 * Kernel filtering the daemon does for itself: RFC 9568 Accept_Mode false and the VRRP guard
 * ({@code vrrp_guard}), in its own nf_tables table {@code inet vrrpd}.
 *
 * <ul>
 *   <li>{@link org.vrrpd.filter.VipFilter} is the hook the VIP table calls before adding and after removing VIPs;
 *       {@link org.vrrpd.filter.KernelFilter} implements it and owns the table's life.</li>
 *   <li>{@link org.vrrpd.filter.FilterRuleset} is the table as a pure list of operations;
 *       {@link org.vrrpd.filter.GuardRule} derives the guard from the instances.</li>
 * </ul>
 */
package org.vrrpd.filter;
