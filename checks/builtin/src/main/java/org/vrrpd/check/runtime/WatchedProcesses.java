package org.vrrpd.check.runtime;

import java.util.Set;

/**
 * A check whose up result stands for running processes (the built-in {@code process} check): after each up run
 * the scheduler watches {@link #watchedPids()} and turns the check down at once when the last of them exits.
 */
public interface WatchedProcesses {

    /** The pids the last run found, on the thread that ran it; empty before the first run or after a failed one. */
    Set<Long> watchedPids();
}
