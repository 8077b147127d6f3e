package com.fleetfusion.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Offers a real PostgreSQL to a {@code @QuarkusTest}: the one named by {@code DB_URL} ({@code DB_USER},
 * {@code DB_PASSWORD}) when set, otherwise the JVM's shared {@link PostgresServer}, started once for all the
 * module's tests.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = System.getenv("DB_URL");
        String user = System.getenv().getOrDefault("DB_USER", PostgresServer.USER);
        String password = System.getenv().getOrDefault("DB_PASSWORD", PostgresServer.PASSWORD);
        if (url == null || url.isBlank()) {
            url = PostgresServer.shared().url();
        }
        return Map.of(
                "quarkus.datasource.reactive.url", url,
                "quarkus.datasource.jdbc.url", "jdbc:" + url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    @Override
    public void stop() {
        // shared across the module's tests and test profiles; stopped when the JVM exits
    }
}
