package org.vrrpd.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.vrrpd.check.api.CheckFactory;

/**
 * The check types the loader knows, by {@code type:} name: those found with {@link ServiceLoader} (bundled
 * checks and plugin JARs on the given class loader) plus any passed explicitly (tests, embedders).
 * Two factories claiming the same type are a packaging error and rejected.
 */
public final class CheckTypes {

    private final Map<String, CheckFactory<?>> byType;
    private volatile ConfigMapper mapper;

    private CheckTypes(Map<String, CheckFactory<?>> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Only the given factories; no discovery. */
    public static CheckTypes of(CheckFactory<?>... factories) {
        return of(List.of(factories));
    }

    /** Only the given factories; no discovery. */
    public static CheckTypes of(Collection<? extends CheckFactory<?>> factories) {
        Map<String, CheckFactory<?>> map = new LinkedHashMap<>();
        for (CheckFactory<?> f : factories) {
            add(map, f);
        }
        return new CheckTypes(map);
    }

    /** Factories found by {@link ServiceLoader} on {@code loader}, followed by {@code extra}. */
    @SuppressWarnings("rawtypes")
    public static CheckTypes discover(ClassLoader loader, Collection<? extends CheckFactory<?>> extra) {
        Map<String, CheckFactory<?>> map = new LinkedHashMap<>();
        for (CheckFactory f : ServiceLoader.load(CheckFactory.class, loader)) {
            add(map, f);
        }
        for (CheckFactory<?> f : extra) {
            add(map, f);
        }
        return new CheckTypes(map);
    }

    /** Factories found by {@link ServiceLoader} on this class's loader. */
    public static CheckTypes discover() {
        return discover(CheckTypes.class.getClassLoader(), List.of());
    }

    private static void add(Map<String, CheckFactory<?>> map, CheckFactory<?> factory) {
        String type = factory.type();
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException(factory.getClass().getName() + " declares no check type");
        }
        CheckFactory<?> previous = map.putIfAbsent(type, factory);
        if (previous != null && (previous.getClass() != factory.getClass()
                || previous.configClass() != factory.configClass())) {
            throw new IllegalArgumentException("check type '" + type + "' is provided twice, by "
                    + previous.getClass().getName() + " and " + factory.getClass().getName());
        }
    }

    public Optional<CheckFactory<?>> factory(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Known type names, in registration order. */
    public Set<String> types() {
        return byType.keySet();
    }

    /** The Jackson setup for these types, built once (a configured mapper is thread-safe). */
    ConfigMapper mapper() {
        ConfigMapper m = mapper;
        if (m == null) {
            m = new ConfigMapper(this);
            mapper = m;
        }
        return m;
    }

    Collection<CheckFactory<?>> factories() {
        return byType.values();
    }
}
