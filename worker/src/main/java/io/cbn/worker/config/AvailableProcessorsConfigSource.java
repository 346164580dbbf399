package io.cbn.worker.config;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.annotations.StaticInitSafe;

/**
 * Supplies the default of {@code cbn.worker.concurrency}: the number of cores this JVM may use. A default that
 * depends on the machine cannot be a {@code @WithDefault}; this source has the lowest ordinal, so
 * application.properties, {@code CBN_WORKER_CONCURRENCY} and {@code -Dcbn.worker.concurrency} all win over it.
 *
 * <p>{@link StaticInitSafe}: Quarkus and SmallRye Reactive Messaging read part of the configuration while the application
 * is initialised statically (the jobs channel's {@code max.poll.records} is {@code ${cbn.worker.concurrency}}); a
 * service-loaded source without this annotation is not part of that configuration, so without it the worker did not
 * start unless the concurrency was given explicitly (issue 8). The value depends only on the JVM, never on anything set later.
 */
@StaticInitSafe
public final class AvailableProcessorsConfigSource implements ConfigSource {

    static final String KEY = "cbn.worker.concurrency";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, value());
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? value() : null;
    }

    @Override
    public String getName() {
        return "cbn-available-processors";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }

    private static String value() {
        return Integer.toString(Runtime.getRuntime().availableProcessors());
    }
}
