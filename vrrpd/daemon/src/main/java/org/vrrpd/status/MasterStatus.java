package org.vrrpd.status;

/**
 * The Master an instance knows of, from the last advert it accepted (or itself while Master).
 *
 * @param address         the Master's primary address
 * @param priority        the priority it advertises
 * @param adverIntervalCs its advertisement interval in centiseconds
 * @param self            whether the Master is this node
 */
public record MasterStatus(String address, int priority, int adverIntervalCs, boolean self) {
}
