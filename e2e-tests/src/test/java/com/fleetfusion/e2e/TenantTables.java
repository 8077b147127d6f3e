package com.fleetfusion.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fleetfusion.testsupport.PostgresServer;

/** Reads tenant-store's tables (a contract: other FleetFusion services read them too) straight from Postgres. */
final class TenantTables {

    private TenantTables() {
    }

    static List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection("jdbc:" + PostgresServer.shared().url(),
                PostgresServer.USER, PostgresServer.PASSWORD);
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnName(column), rows.getString(column));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of the three tenant tables, in key order, as text: equal snapshots mean byte-identical tables. */
    static Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        tables.put("users", query("SELECT * FROM users ORDER BY id"));
        tables.put("organizations", query("SELECT * FROM organizations ORDER BY id"));
        tables.put("organization_memberships",
                query("SELECT * FROM organization_memberships ORDER BY organization_id, user_id"));
        return tables;
    }

    static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:" + PostgresServer.shared().url(),
                PostgresServer.USER, PostgresServer.PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
