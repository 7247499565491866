package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.vrrpd.check.api.CheckConfig;

/**
 * {@code type: script}: {@code command} (argv list, run without a shell), {@code shell} (true: the command's
 * words are joined and run by {@code /bin/sh -c}), {@code user} (run as this unprivileged user), {@code env}
 * (extra environment; the rest is a clean {@code PATH} only), {@code allow_root} (run as root when the daemon is
 * root and no user is given; refused otherwise).
 */
public class ScriptConfig extends CheckConfig {

    @JsonProperty("command")
    private List<String> command;

    @JsonProperty("shell")
    private boolean shell;

    @JsonProperty("user")
    private String user;

    @JsonProperty("env")
    private Map<String, String> env = Map.of();

    @JsonProperty("allow_root")
    private boolean allowRoot;

    public List<String> command() {
        return command;
    }

    public boolean shell() {
        return shell;
    }

    public String user() {
        return user;
    }

    public Map<String, String> env() {
        return env;
    }

    public boolean allowRoot() {
        return allowRoot;
    }
}
