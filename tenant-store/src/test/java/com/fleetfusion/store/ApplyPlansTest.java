package com.fleetfusion.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fleetfusion.store.model.MembershipChange;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.store.store.TenantTables;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An apply batch reaches every row by key, whatever the planner's statistics say (a first sync or a replay into a new
 * database runs on tables with none): begin_apply, the batch's first statement, turns sequential scans off for its
 * transaction and for nothing else, and takes the batch's advisory locks for the rest of it; and the batch's statements
 * stay prepared on their connection (parsed and planned once, no describe round trip inside the transaction).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
class ApplyPlansTest {

    private static final String BEGIN_APPLY = "SELECT begin_apply('{}'::bigint[], '{}'::boolean[])";

    @Inject
    Pool pool;

    @Inject
    ClerkEventParser parser;

    @Inject
    TenantTables tables;

    @Test
    void sequentialScansAreOffInTheApplyTransactionOnly() {
        String[] settings = pool.withConnection(connection -> connection.begin()
                .chain(tx -> connection.query(BEGIN_APPLY).execute()
                        .chain(() -> setting(connection))
                        .call(tx::commit))
                .chain(inside -> setting(connection).map(after -> new String[] { inside, after })))
                .await().indefinitely();

        assertThat(settings[0]).as("inside the apply transaction").isEqualTo("off");
        assertThat(settings[1]).as("on the same connection after the commit").isEqualTo("on");
    }

    @Test
    void aDeletionsCascadeFindsTheMembershipsByIndexOnATableWithoutStatistics() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        pool.query("INSERT INTO organization_memberships (organization_id, user_id, source_version)"
                + " SELECT 'org_" + run + "_' || (i % 50), 'user_" + run + "_' || i, 1 FROM generate_series(1, 5000) i")
                .execute().await().indefinitely();

        String plan = pool.withTransaction(connection -> connection.query(BEGIN_APPLY).execute()
                .chain(() -> connection.preparedQuery("EXPLAIN UPDATE organization_memberships AS m"
                        + " SET deleted_at = now() FROM unnest($1::text[]) AS d(id) WHERE m.user_id = d.id")
                        .execute(Tuple.of((Object) new String[] { "user_" + run + "_7", "user_" + run + "_8" })))
                .map(rows -> {
                    StringBuilder text = new StringBuilder();
                    for (Row row : rows) {
                        text.append(row.getString(0)).append('\n');
                    }
                    return text.toString();
                }))
                .await().indefinitely();

        assertThat(plan).doesNotContain("Seq Scan on organization_memberships")
                .contains("organization_memberships_user_id");
    }

    @Test
    void beginApplyHoldsEachKeyInItsModeUntilTheTransactionEnds() {
        Long[] keys = { 11L, (1L << 40) + 7, 42L };
        Boolean[] exclusive = { true, false, true };
        String locks = "SELECT (classid::bigint << 32 | objid::bigint) || ' ' || mode FROM pg_locks"
                + " WHERE locktype = 'advisory' AND objsubid = 1 AND pid = pg_backend_pid()";
        List<List<String>> held = pool.withConnection(connection -> connection.begin()
                .chain(tx -> connection.preparedQuery("SELECT begin_apply($1::bigint[], $2::boolean[])")
                        .execute(Tuple.of(keys, exclusive))
                        .chain(() -> connection.query(locks).execute().map(ApplyPlansTest::firstColumn))
                        .call(tx::commit))
                .chain(inside -> connection.query(locks).execute().map(ApplyPlansTest::firstColumn)
                        .map(after -> List.of(inside, after))))
                .await().indefinitely();

        assertThat(held.get(0)).as("inside the apply transaction")
                .containsExactlyInAnyOrder("11 ExclusiveLock", (1L << 40) + 7 + " ShareLock", "42 ExclusiveLock");
        assertThat(held.get(1)).as("after the commit").isEmpty();
    }

    @Test
    void theMembershipUpsertStaysPreparedOnItsConnection() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        MembershipChange change = (MembershipChange) ClerkEvents.parsed(parser,
                List.of(ClerkEvents.membership("org_" + run, "user_" + run, "orgmem_" + run, 1_000, "org:member")))
                .get(0).change();
        List<String> prepared = pool.withTransaction(connection -> tables.upsertMemberships(connection, List.of(change),
                        false)
                .chain(() -> connection.query("SELECT statement FROM pg_prepared_statements").execute())
                .map(ApplyPlansTest::firstColumn))
                .await().indefinitely();

        assertThat(prepared).as("statements prepared on the connection")
                .anyMatch(statement -> statement.contains("INSERT INTO organization_memberships"));
    }

    private static List<String> firstColumn(RowSet<Row> rows) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.getString(0)));
        return values;
    }

    private static Uni<String> setting(SqlConnection connection) {
        return connection.query("SELECT current_setting('enable_seqscan')").execute()
                .map(rows -> rows.iterator().next().getString(0));
    }
}
