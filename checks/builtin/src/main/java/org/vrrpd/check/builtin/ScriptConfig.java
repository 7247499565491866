package org.vrrpd.check.builtin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.vrrpd.check.api.CheckConfig;

/**
 * {@code type: script}: {@code command} (argv list, run without a shell), {@code shell} (true: the command's
 * words are joined and run by {@code /bin/sh -c}), {@code user} (run as this unprivileged user), {@code env}
 * (extra environment; the rest is a clean {@code PATH} only), {@code allow_root} (run as root when the daemon is
 * root and no user is given; refused otherwise). Without {@code user}, a root daemon runs the script as the
 * daemon's global {@code script_user} ({@link #defaultUser}), as it runs notify scripts.
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

    /** The daemon's {@code script_user}, set by the daemon after binding; not a YAML key. */
    @JsonIgnore
    private String defaultUser;

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

    /** The daemon's global {@code script_user}, used by a root daemon when {@code user} is not set; may be null. */
    public String defaultUser() {
        return defaultUser;
    }

    /** Sets the daemon's global {@code script_user} (the configuration loader does, once, after binding). */
    public void setDefaultUser(String defaultUser) {
        this.defaultUser = defaultUser;
    }
}
