package com.fleetfusion.store;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The whole content of the tenant tables as text, row by row in key order: equal snapshots, equal state. */
public final class TenantTablesSnapshot {

    private TenantTablesSnapshot() {
    }

    /** Every row whose id (a membership: whose organization or user id) starts with {@code prefix}. */
    public static List<String> of(Pool pool, String prefix) {
        List<String> rows = new ArrayList<>();
        for (String query : List.of(
                "SELECT 'users ' || row_to_json(t)::text FROM users t WHERE id LIKE $1 ORDER BY id",
                "SELECT 'organizations ' || row_to_json(t)::text FROM organizations t WHERE id LIKE $1 ORDER BY id",
                "SELECT 'memberships ' || row_to_json(t)::text FROM organization_memberships t "
                        + "WHERE organization_id LIKE $1 OR user_id LIKE $1 ORDER BY organization_id, user_id")) {
            for (Row row : pool.preparedQuery(query).execute(Tuple.of(prefix + "%")).await().indefinitely()) {
                rows.add(row.getString(0));
            }
        }
        return rows;
    }

}
