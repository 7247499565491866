package org.vrrpd.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckFactory;
import org.vrrpd.check.api.CheckResult;

/**
 * Test-only check types with the keys the built-in checks use, so configurations can be validated without
 * depending on the built-in module. Each factory's check reports "up" without doing anything.
 */
final class TestChecks {

    private TestChecks() {
    }

    /** A factory for {@code type} binding to {@code configClass}. */
    static class Factory<C extends CheckConfig> implements CheckFactory<C> {
        private final String type;
        private final Class<C> configClass;

        Factory(String type, Class<C> configClass) {
            this.type = type;
            this.configClass = configClass;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Class<C> configClass() {
            return configClass;
        }

        @Override
        public Check create(C config) {
            return context -> CheckResult.up(Duration.ZERO, "test check " + config.name());
        }
    }

    static final class Smtp extends CheckConfig {
        @JsonProperty("host") String host = "127.0.0.1";
        @JsonProperty("port") int port = 25;
        @JsonProperty("tls") String tls = "none";
        @JsonProperty("ehlo") String ehlo;
        @JsonProperty("expect_banner") String expectBanner;
    }

    static final class Imap extends CheckConfig {
        @JsonProperty("host") String host = "127.0.0.1";
        @JsonProperty("port") int port = 143;
        @JsonProperty("tls") String tls = "none";
        @JsonProperty("user") String user;
        @JsonProperty("password_file") String passwordFile;
        @JsonProperty("mailbox") String mailbox;
    }

    static final class Http extends CheckConfig {
        @JsonProperty("url") String url;
        @JsonProperty("method") String method = "GET";
        @JsonProperty("expect_status") List<Integer> expectStatus = List.of(200);
        @JsonProperty("expect_body") String expectBody;
        @JsonProperty("host_header") String hostHeader;
        @JsonProperty("tls_verify") boolean tlsVerify = true;
        @JsonProperty("ca_file") String caFile;
    }

    static final class Nfs extends CheckConfig {
        @JsonProperty("directory") String directory;
        @JsonProperty("max_latency") Duration maxLatency;
        @JsonProperty("fs_types") List<String> fsTypes = List.of("nfs", "nfs4");
    }

    static final class Script extends CheckConfig {
        @JsonProperty("command") List<String> command;
        @JsonProperty("user") String user;
        @JsonProperty("shell") boolean shell;
    }

    static final class Tcp extends CheckConfig {
        @JsonProperty("host") String host;
        @JsonProperty("port") int port;
    }

    /**
     * The process check's own {@code name} key (the process name) collides with the common {@code name} (the
     * check's name); which key the built-in check uses is its business, so this stand-in adds none.
     */
    static final class Process extends CheckConfig {
    }

    /** A "plugin" type that sets its fields through setters only, to show plugins bind the same way. */
    public static final class Plugin extends CheckConfig {
        private String target;

        public void setTarget(String target) {
            this.target = target;
        }

        String target() {
            return target;
        }
    }

    /** The seven built-in type names with test config classes. */
    static List<CheckFactory<?>> builtinLike() {
        return List.of(new Factory<>("smtp", Smtp.class), new Factory<>("imap", Imap.class),
                new Factory<>("http", Http.class), new Factory<>("nfs", Nfs.class),
                new Factory<>("script", Script.class), new Factory<>("tcp", Tcp.class),
                new Factory<>("process", Process.class));
    }

    static CheckTypes types() {
        List<CheckFactory<?>> all = new java.util.ArrayList<>(builtinLike());
        all.add(new Factory<>("plugin", Plugin.class));
        return CheckTypes.of(all);
    }
}
