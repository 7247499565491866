package org.vrrpd.config;

/** The daemon's log threshold, {@code log_level:} in the YAML (lower case). */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE
}
