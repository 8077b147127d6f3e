package com.fleetfusion.store.config;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive Postgres pool exactly as Quarkus configures it ({@code quarkus.datasource.*}), with a prepared-statement
 * cache that takes the apply batch's longest statement ({@code tenant-store.db.prepared-statement-cache-sql-limit}).
 * With {@code DB_POOLED=true} nothing is cached anyway.
 */
@Singleton
public class PostgresPoolCreator implements PgPoolCreator {

    private final TenantStoreConfig config;

    public PostgresPoolCreator(TenantStoreConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        List<SqlConnectOptions> databases = new ArrayList<>(input.pgConnectOptionsList());
        databases.forEach(options -> options
                .setPreparedStatementCacheSqlLimit(config.db().preparedStatementCacheSqlLimit()));
        return PgBuilder.pool()
                .with(input.poolOptions())
                .connectingTo(databases)
                .using(input.vertx())
                .build();
    }
}
