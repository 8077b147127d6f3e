package com.fleetfusion.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.PostgresServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Least privilege in the database (deploy/postgres/roles.sql, set up by the test support as in production):
 * tenant-store's role owns and writes the tenant tables, onboarding-service's cannot touch them, readers only read.
 */
class DatabaseRolesTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static PostgresServer postgres;

    @BeforeAll
    static void migrateAsTenantStore() {
        postgres = PostgresServer.shared();
        Flyway.configure().dataSource(jdbc(), PostgresServer.TENANT_STORE_USER, PostgresServer.SERVICE_PASSWORD)
                .locations("classpath:db/migration").load().migrate();
        postgres.execute("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reporting_probe') THEN
                    CREATE ROLE reporting_probe LOGIN IN ROLE fleetfusion_reader;
                  END IF;
                END $$""");
    }

    @Test
    void tenantStoresRoleOwnsTheTenantTablesAndIsNoSuperuser() throws SQLException {
        try (Connection connection = connect(PostgresServer.TENANT_STORE_USER);
                Statement statement = connection.createStatement()) {
            var owners = statement.executeQuery("""
                    SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'
                    AND tablename IN ('users', 'organizations', 'organization_memberships', 'processed_events')""");
            assertThat(owners.next()).isTrue();
            assertThat(owners.getString(1)).isEqualTo(PostgresServer.TENANT_STORE_USER);
            assertThat(owners.next()).isFalse();
            var superuser = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
            superuser.next();
            assertThat(superuser.getBoolean(1)).isFalse();
        }
    }

    @Test
    void onboardingsLoginCannotReadOrWriteTheTenantTables() throws SQLException {
        try (Connection connection = connect(PostgresServer.ONBOARDING_USER)) {
            refused(connection, "INSERT INTO users (id, source_version) VALUES ('user_forged', 1)");
            refused(connection, "UPDATE organizations SET name = 'forged'");
            refused(connection, "DELETE FROM organization_memberships");
            refused(connection, "SELECT count(*) FROM users");
            refused(connection, "CREATE TABLE public.users_shadow (id text)");
        }
    }

    @Test
    void theReaderRoleReadsTheTenantTablesAndWritesNothing() throws SQLException {
        try (Connection connection = connect("reporting_probe"); Statement statement = connection.createStatement()) {
            for (String table : new String[] {"users", "organizations", "organization_memberships",
                    "processed_events"}) {
                assertThat(statement.executeQuery("SELECT count(*) FROM " + table).next()).isTrue();
            }
            refused(connection, "INSERT INTO users (id, source_version) VALUES ('user_forged', 1)");
            refused(connection, "UPDATE users SET first_name = 'forged'");
            refused(connection, "DELETE FROM processed_events");
            refused(connection, "TRUNCATE organizations");
            refused(connection, "CREATE TABLE public.notes (id text)");
            refused(connection, "CREATE TABLE onboarding.notes (id text)");
        }
    }

    private static void refused(Connection connection, String sql) {
        assertThatThrownBy(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                refusal -> assertThat(refusal.getSQLState()).as(sql).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    private static Connection connect(String user) throws SQLException {
        return DriverManager.getConnection(jdbc(), user, PostgresServer.SERVICE_PASSWORD);
    }

    private static String jdbc() {
        return "jdbc:" + postgres.url();
    }
}
