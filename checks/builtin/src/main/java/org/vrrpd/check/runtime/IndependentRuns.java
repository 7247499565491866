package org.vrrpd.check.runtime;

/**
 * A check whose runs share no state (each opens its own connection), so the scheduler may start a second run
 * beside one that is late: the built-in smtp, imap, http and tcp checks. Checks that touch shared things (the nfs
 * probe file, a script's side effects) and plugin checks, whose API promises one run at a time, are not.
 */
public interface IndependentRuns {
}
