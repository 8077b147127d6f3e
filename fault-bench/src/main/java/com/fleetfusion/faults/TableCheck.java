package com.fleetfusion.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant tables' rows of one run (ids carrying its run id) read straight from Postgres and compared with the
 * {@link TenantModel}: a row the model has that is missing or older in the table is <em>lost</em> (an acknowledged
 * change not applied); any other difference, or a row the model does not have, is <em>wrongly applied</em>.
 */
final class TableCheck {

    record Result(int expectedRows, int lost, int wronglyApplied, List<String> examples) {
        boolean equal() {
            return lost == 0 && wronglyApplied == 0;
        }
    }

    private TableCheck() {
    }

    static Result compare(String jdbcUrl, String user, String password, String runId, TenantModel model)
            throws SQLException {
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            Map<String, TenantModel.Row> users = read(db, "SELECT id, deleted_at IS NULL, source_version, first_name"
                    + " FROM users WHERE id LIKE ?", "user_" + runId + "%", false);
            Map<String, TenantModel.Row> organizations = read(db, "SELECT id, deleted_at IS NULL, source_version, name"
                    + " FROM organizations WHERE id LIKE ?", "org_" + runId + "%", false);
            Map<String, TenantModel.Row> memberships = read(db, "SELECT organization_id || ':' || user_id,"
                    + " deleted_at IS NULL, source_version, role || ' ' || membership_id FROM organization_memberships"
                    + " WHERE organization_id LIKE ?", "org_" + runId + "%", true);
            List<String> examples = new ArrayList<>();
            int[] counts = new int[2];
            diff("users", model.users(), users, counts, examples);
            diff("organizations", model.organizations(), organizations, counts, examples);
            diff("organization_memberships", model.memberships(), memberships, counts, examples);
            int expected = model.users().size() + model.organizations().size() + model.memberships().size();
            return new Result(expected, counts[0], counts[1], examples);
        }
    }

    private static Map<String, TenantModel.Row> read(Connection db, String sql, String pattern, boolean membership)
            throws SQLException {
        Map<String, TenantModel.Row> rows = new TreeMap<>();
        try (var statement = db.prepareStatement(sql)) {
            statement.setString(1, pattern);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    boolean live = result.getBoolean(2);
                    rows.put(result.getString(1), new TenantModel.Row(live,
                            membership && !live ? -1 : result.getLong(3), live ? result.getString(4) : null));
                }
            }
        }
        return rows;
    }

    private static void diff(String table, Map<String, TenantModel.Row> expected, Map<String, TenantModel.Row> actual,
            int[] counts, List<String> examples) {
        expected.forEach((key, want) -> {
            TenantModel.Row got = actual.get(key);
            if (want.equals(got)) {
                return;
            }
            boolean lost = got == null || (want.version() >= 0 && got.version() < want.version())
                    || (!want.live() && got.live());
            counts[lost ? 0 : 1]++;
            if (examples.size() < 20) {
                examples.add((lost ? "lost " : "wrong ") + table + " " + key + ": expected " + want + ", table " + got);
            }
        });
        actual.keySet().stream().filter(key -> !expected.containsKey(key)).forEach(key -> {
            counts[1]++;
            if (examples.size() < 20) {
                examples.add("wrong " + table + " " + key + ": not in the model, table " + actual.get(key));
            }
        });
    }
}
