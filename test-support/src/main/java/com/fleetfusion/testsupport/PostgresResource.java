package com.fleetfusion.testsupport;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Offers a real PostgreSQL to a {@code @QuarkusTest}: the one named by {@code DB_URL} ({@code DB_USER},
 * {@code DB_PASSWORD}) when set, otherwise the JVM's shared {@link PostgresServer}, started once for all the
 * module's tests. With the shared server each service logs in with its own role: its {@code %test} profile names
 * it ({@code quarkus.datasource.username}), as production does.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String url = System.getenv("DB_URL");
        Map<String, String> config = new HashMap<>();
        if (url == null || url.isBlank()) {
            url = PostgresServer.shared().url();
            config.put("quarkus.datasource.password", PostgresServer.SERVICE_PASSWORD);
        } else {
            config.put("quarkus.datasource.username", System.getenv().getOrDefault("DB_USER", PostgresServer.USER));
            config.put("quarkus.datasource.password",
                    System.getenv().getOrDefault("DB_PASSWORD", PostgresServer.PASSWORD));
        }
        config.put("quarkus.datasource.reactive.url", url);
        config.put("quarkus.datasource.jdbc.url", "jdbc:" + url);
        return config;
    }

    @Override
    public void stop() {
        // shared across the module's tests and test profiles; stopped when the JVM exits
    }
}
