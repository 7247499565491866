package org.vrrpd.status;

import java.util.List;

/**
 * The {@code history} reply ({@code vrrpctl history --json}).
 *
 * @param transitions the most recent state changes, oldest first
 */
public record HistoryReply(List<HistoryEntry> transitions) {

    public HistoryReply {
        transitions = Copies.copy(transitions);
    }
}
