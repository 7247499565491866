package org.vrrpd.check.example;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.vrrpd.check.api.CheckConfig;

/**
 * {@code type: file_flag}: {@code path} of the flag file, {@code up_when} ({@code absent}, the default, for a
 * maintenance flag an operator touches to drain a node; or {@code present}, for a flag another system writes
 * while a dependency is healthy).
 */
public class FileFlagConfig extends CheckConfig {

    /** When the check counts as up. */
    public enum UpWhen {
        @JsonProperty("absent") ABSENT,
        @JsonProperty("present") PRESENT
    }

    @JsonProperty("path")
    private String path;

    @JsonProperty("up_when")
    private UpWhen upWhen = UpWhen.ABSENT;

    public String path() {
        return path;
    }

    public UpWhen upWhen() {
        return upWhen;
    }
}
