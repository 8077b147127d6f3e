package com.fleetfusion.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (embedded binaries from Maven Central) on a loopback port. Its data directory and
 * port survive {@link #stop()} and {@link #start()}, so a test can take the database away and bring it back.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser: fixtures and inspection only; no service logs in with it. */
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";
    /** tenant-store's login (deploy/postgres/roles.sql): owner of the tenant tables. */
    public static final String TENANT_STORE_USER = "tenant_store";
    /** onboarding-service's login: its own schema, nothing on the tenant tables. */
    public static final String ONBOARDING_USER = "onboarding";
    /** The read-only role of other services (no login: granted to theirs). */
    public static final String READER_ROLE = "fleetfusion_reader";
    /** The server trusts loopback connections; the services still send a password, as in production. */
    public static final String SERVICE_PASSWORD = "test-only-password";

    private static PostgresServer shared;

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static PostgresServer create(Path dataDir) {
        return new PostgresServer(dataDir, FreePorts.next());
    }

    /** The server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = create(Files.createTempDirectory("fleetfusion-pg-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-stop"));
        }
        return shared;
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
        execute(rolesSql());
    }

    /** The roles of production (deploy/postgres/roles.sql, copied onto the class path by the build). */
    private static String rolesSql() {
        try (var in = PostgresServer.class.getResourceAsStream("/db/roles.sql")) {
            if (in == null) {
                throw new IllegalStateException("db/roles.sql is not on the class path");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The postmaster's process id (from its {@code postmaster.pid}), -1 when stopped (for RSS and CPU readings). */
    public long pid() {
        try {
            return postgres == null ? -1 : Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public int port() {
        return port;
    }

    /** The URL in the form of {@code DB_URL}: {@code postgresql://host:port/db}. */
    public String url() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Runs SQL statements directly, for test fixtures (truncate, inspect). */
    public void execute(String sql) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
