package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.vrrpd.check.api.CheckConfig;

/**
 * {@code type: process}: which process must be running. The common {@code name} key is also the check's name, so
 * the process can be given either as {@code name: dovecot} (check and process share the name) or, when the check
 * needs its own name, as {@code process: dovecot} (as keepalived's {@code vrrp_track_process} spells it).
 *
 * <p>A plain name matches a process whose {@code /proc/PID/comm} (the kernel's name, cut to 15 characters) or
 * whose argv[0] base name equals it; a name containing a space or a slash matches any process whose command line
 * (arguments joined by spaces) contains it, e.g. {@code "postfix/master"} or {@code "/usr/sbin/dovecot -F"}.
 */
public class ProcessConfig extends CheckConfig {

    @JsonProperty("process")
    private String process;

    /** The process to look for: {@code process}, or else the check's {@code name}. */
    public String processName() {
        return process != null ? process : name();
    }
}
