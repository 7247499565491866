package org.vrrpd.check.api;

/**
 * The service-provider interface for check types, bundled and plugin alike. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.vrrpd.check.api.CheckFactory}).
 *
 * <p>The daemon binds each {@code checks:} entry of the YAML whose {@code type} equals {@link #type()} to an
 * instance of {@link #configClass()} with Jackson, so that class declares its own settings as Jackson-bindable
 * properties (annotations from {@code com.fasterxml.jackson.annotation} are available to plugins).
 *
 * @param <C> the typed configuration
 */
public interface CheckFactory<C extends CheckConfig> {

    /** The {@code type:} value in the YAML, e.g. {@code smtp}. Lower case, unique across loaded factories. */
    String type();

    /** The configuration class the YAML entry is bound to. */
    Class<C> configClass();

    /**
     * Creates a check from a bound configuration. Validates settings that Jackson cannot (ranges, files that
     * must exist) and throws {@link CheckConfigException} with the reason.
     */
    Check create(C config) throws CheckConfigException;
}
