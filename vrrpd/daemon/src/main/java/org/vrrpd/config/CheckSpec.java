package org.vrrpd.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.vrrpd.check.api.Check;
import org.vrrpd.check.api.CheckConfig;
import org.vrrpd.check.api.CheckConfigException;
import org.vrrpd.check.api.CheckFactory;

/**
 * One entry of an instance's {@code checks:} list, bound to its factory's configuration class.
 *
 * <p>{@link CheckConfig} is a mutable bean without {@code equals}, so two specs are equal when their type,
 * name and {@link #settings} (the bound configuration serialized back to a tree, so {@code 1s} equals
 * {@code 1000ms}) and the factory's class are equal; the factory and config objects are not compared. The
 * class tells a plugin's new version (a new JAR, so a new class loader) from the code running now, so an upgrade
 * replaces the check even when its settings are unchanged. Treat {@link #config} as
 * read-only. {@link #source} is the entry as written in the YAML (with its {@code type}); a plugin check's host
 * process binds its own copy of the configuration from it.
 */
public record CheckSpec(String type, String name, CheckConfig config, CheckFactory<?> factory, JsonNode settings,
                        JsonNode source) {

    public CheckSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(source, "source");
    }

    /** A spec whose source entry is its normalized settings (tests, embedders). */
    public CheckSpec(String type, String name, CheckConfig config, CheckFactory<?> factory, JsonNode settings) {
        this(type, name, config, factory, settings, settings);
    }

    /** Asks the factory for a runnable check; this is where type-specific validation happens. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Check create() throws CheckConfigException {
        return ((CheckFactory) factory).create(config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckSpec other && type.equals(other.type) && name.equals(other.name)
                && settings.equals(other.settings) && factory.getClass() == other.factory.getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, settings);
    }

    @Override
    public String toString() {
        return "CheckSpec[" + type + " '" + name + "' " + settings + "]";
    }
}
