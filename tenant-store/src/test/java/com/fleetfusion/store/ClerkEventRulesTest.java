package com.fleetfusion.store;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fleetfusion.store.ClerkEvents.Event;
import com.fleetfusion.store.model.ApplyResult;
import com.fleetfusion.store.model.Outcome;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.store.service.ProcessedEventsPurge;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md's database rules one by one, on the real Postgres, through the parser and the applier the consumer
 * uses (each {@link #apply} call is one batch, one transaction).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
class ClerkEventRulesTest {

    @Inject
    ClerkEventParser parser;

    @Inject
    ClerkEventApplier applier;

    @Inject
    Pool pool;

    @Inject
    ProcessedEventsPurge purge;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void staleUpdateAfterDeleteDoesNotResurrectUser() {
        String user = "user_" + run;
        apply(ClerkEvents.user(user, 1_000, "a@example.com"));
        apply(ClerkEvents.userDeleted(user, 2_000));
        ApplyResult late = apply(ClerkEvents.user(user, 1_500, "late@example.com"));

        assertThat(late.outcomes()).containsExactly(Outcome.STALE);
        Row row = row("SELECT * FROM users WHERE id = $1", user);
        assertThat(row.getOffsetDateTime("deleted_at").toInstant().toEpochMilli()).isEqualTo(ClerkEvents.at(2_000));
        assertThat(row.getLong("source_version")).isEqualTo(ClerkEvents.at(2_000));
        assertThat(row.getString("primary_email")).isNull();
    }

    @Test
    void newerUpdateAfterDeleteIsLive() {
        String user = "user_" + run;
        apply(ClerkEvents.userDeleted(user, 2_000));
        apply(ClerkEvents.user(user, 3_000, "back@example.com"));

        Row row = row("SELECT * FROM users WHERE id = $1", user);
        assertThat(row.getValue("deleted_at")).isNull();
        assertThat(row.getString("primary_email")).isEqualTo("back@example.com");
    }

    @Test
    void deletionWinsATieWhateverTheOrder() {
        String first = "user_a" + run;
        String second = "user_b" + run;
        apply(ClerkEvents.user(first, 5_000, "a@example.com"));
        apply(ClerkEvents.userDeleted(first, 5_000));
        apply(ClerkEvents.userDeleted(second, 5_000));
        apply(ClerkEvents.user(second, 5_000, "b@example.com"));

        assertThat(row("SELECT * FROM users WHERE id = $1", first).getValue("deleted_at")).isNotNull();
        assertThat(row("SELECT * FROM users WHERE id = $1", second).getValue("deleted_at")).isNotNull();
    }

    @Test
    void userRowKeepsThePrimaryAddressAndNeverPrivateMetadata() {
        String user = "user_" + run;
        apply(ClerkEvents.user(user, 1_000, "primary@example.com"));

        Row row = row("SELECT row_to_json(u)::text AS json, primary_email FROM users u WHERE id = $1", user);
        assertThat(row.getString("primary_email")).isEqualTo("primary@example.com");
        assertThat(row.getString("json")).doesNotContain("never-stored").doesNotContain("other@example.com");
        assertThat(row("SELECT row_to_json(t)::text AS json FROM processed_events t LIMIT 1", null)).isNotNull();
    }

    @Test
    void membershipBeforeItsOrganizationAndUser() {
        String org = "org_" + run;
        String user = "user_" + run;
        apply(ClerkEvents.membership(org, user, "orgmem_1", 1_000, "org:admin"));
        apply(ClerkEvents.organization(org, 900, "Acme"));
        apply(ClerkEvents.user(user, 800, "u@example.com"));

        Row membership = membershipRow(org, user);
        assertThat(membership.getValue("deleted_at")).isNull();
        assertThat(membership.getString("role")).isEqualTo("org:admin");
        assertThat(membership.getString("membership_id")).isEqualTo("orgmem_1");
        assertThat(membership.getArrayOfStrings("permissions")).containsExactly("org:posts:read", "org:posts:" + ClerkEvents.at(1_000));
        assertThat(((JsonObject) membership.getValue("public_user_data")).getString("identifier"))
                .isEqualTo(user + "@example.com");
        assertThat(row("SELECT * FROM organizations WHERE id = $1", org).getString("name")).isEqualTo("Acme");
    }

    @Test
    void removalThenReAddIsLive() {
        String org = "org_" + run;
        String user = "user_" + run;
        Event added = ClerkEvents.membership(org, user, "orgmem_1", 1_000, "org:member");
        Event removed = ClerkEvents.membershipDeleted(org, user, "orgmem_1", 1_000, 2_000);
        Event reAdded = ClerkEvents.membership(org, user, "orgmem_2", 3_000, "org:admin");
        apply(reAdded);
        apply(removed);
        apply(added);

        Row membership = membershipRow(org, user);
        assertThat(membership.getValue("deleted_at")).isNull();
        assertThat(membership.getString("membership_id")).isEqualTo("orgmem_2");
        assertThat(membership.getLong("source_version")).isEqualTo(ClerkEvents.at(3_000));
    }

    @Test
    void organizationDeleteCascadesToMemberships() {
        String org = "org_" + run;
        apply(ClerkEvents.organization(org, 1_000, "Acme"));
        apply(ClerkEvents.membership(org, "user_old" + run, "orgmem_1", 1_500, "org:member"));
        apply(ClerkEvents.membership(org, "user_new" + run, "orgmem_2", 9_000, "org:member"));
        apply(ClerkEvents.organizationDeleted(org, 5_000));
        // arrives after the organization's deletion but is older: stored as a tombstone
        apply(ClerkEvents.membership(org, "user_late" + run, "orgmem_3", 4_000, "org:member"));

        assertThat(membershipRow(org, "user_old" + run).getOffsetDateTime("deleted_at").toInstant().toEpochMilli())
                .isEqualTo(ClerkEvents.at(5_000));
        assertThat(membershipRow(org, "user_old" + run).getString("role")).isNull();
        assertThat(membershipRow(org, "user_late" + run).getValue("deleted_at")).isNotNull();
        assertThat(membershipRow(org, "user_late" + run).getLong("source_version")).isEqualTo(ClerkEvents.at(5_000));
        assertThat(membershipRow(org, "user_new" + run).getValue("deleted_at")).isNull();
    }

    @Test
    void userDeleteCascadesToMemberships() {
        String user = "user_" + run;
        apply(ClerkEvents.membership("org_a" + run, user, "orgmem_1", 1_000, "org:member"));
        apply(ClerkEvents.userDeleted(user, 2_000));
        apply(ClerkEvents.membership("org_b" + run, user, "orgmem_2", 1_500, "org:member"));

        assertThat(membershipRow("org_a" + run, user).getValue("deleted_at")).isNotNull();
        assertThat(membershipRow("org_b" + run, user).getValue("deleted_at")).isNotNull();
    }

    @Test
    void duplicateSvixIdIsAppliedOnce() {
        String user = "user_" + run;
        Event first = ClerkEvents.user(user, 1_000, "first@example.com");
        ApplyResult once = apply(first);
        // a hand-edited row proves the redelivery wrote nothing (a plain re-apply would restore the address)
        pool.preparedQuery("UPDATE users SET primary_email = 'edited' WHERE id = $1").execute(Tuple.of(user))
                .await().indefinitely();
        ApplyResult again = apply(ClerkEvents.redelivery(first), ClerkEvents.redelivery(first));

        assertThat(once.outcomes()).containsExactly(Outcome.APPLIED);
        assertThat(again.outcomes()).containsExactly(Outcome.DUPLICATE, Outcome.DUPLICATE);
        assertThat(row("SELECT * FROM users WHERE id = $1", user).getString("primary_email")).isEqualTo("edited");
        Row processed = row("SELECT * FROM processed_events WHERE svix_id = $1", first.svixId());
        assertThat(processed.getString("outcome")).isEqualTo("applied");
        assertThat(processed.getString("event_type")).isEqualTo("user.updated");
    }

    @Test
    void envelopeTimestampInSecondsAndMilliseconds() {
        String inSeconds = "user_s" + run;
        String inMillis = "user_m" + run;
        long seconds = 1_716_883_200L;
        apply(ClerkEvents.event("user.deleted", inSeconds, new JsonObject().put("object", "user")
                .put("id", inSeconds).put("deleted", true), seconds));
        apply(ClerkEvents.event("user.deleted", inMillis, new JsonObject().put("object", "user")
                .put("id", inMillis).put("deleted", true), seconds * 1000 + 123));

        assertThat(row("SELECT * FROM users WHERE id = $1", inSeconds).getLong("source_version"))
                .isEqualTo(seconds * 1000);
        assertThat(row("SELECT * FROM users WHERE id = $1", inMillis).getLong("source_version"))
                .isEqualTo(seconds * 1000 + 123);
        assertThat(row("SELECT * FROM users WHERE id = $1", inMillis).getOffsetDateTime("deleted_at").toInstant()
                .toEpochMilli()).isEqualTo(seconds * 1000 + 123);
    }

    @Test
    void unknownEventTypesAreRecordedAsSkipped() {
        Event session = ClerkEvents.event("session.created", "sess_1", new JsonObject().put("id", "sess_1"), 1_000);
        ApplyResult result = apply(session);

        assertThat(result.outcomes()).containsExactly(Outcome.SKIPPED);
        assertThat(row("SELECT * FROM processed_events WHERE svix_id = $1", session.svixId()).getString("outcome"))
                .isEqualTo("skipped");
    }

    @Test
    void newestVersionPerKeyWinsInsideOneBatch() {
        String org = "org_" + run;
        ApplyResult result = apply(ClerkEvents.organization(org, 3_000, "Newest"),
                ClerkEvents.organization(org, 1_000, "Oldest"), ClerkEvents.organization(org, 2_000, "Middle"));

        assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.STALE, Outcome.STALE);
        assertThat(row("SELECT * FROM organizations WHERE id = $1", org).getString("name")).isEqualTo("Newest");
    }

    @Test
    void processedEventsOlderThanTheRetentionArePurged() {
        Event old = ClerkEvents.user("user_old" + run, 1_000, "old@example.com");
        Event recent = ClerkEvents.user("user_recent" + run, 1_000, "recent@example.com");
        apply(old, recent);
        pool.preparedQuery("UPDATE processed_events SET processed_at = now() - interval '49 hours' WHERE svix_id = $1")
                .execute(Tuple.of(old.svixId())).await().indefinitely();

        assertThat(purge.purge().await().indefinitely()).isGreaterThanOrEqualTo(1);
        assertThat(pool.preparedQuery("SELECT svix_id FROM processed_events WHERE svix_id = ANY($1)")
                .execute(Tuple.of(new String[] { old.svixId(), recent.svixId() })).await().indefinitely()
                .iterator().next().getString(0)).isEqualTo(recent.svixId());
        assertThat(pool.preparedQuery("SELECT count(*) FROM processed_events WHERE svix_id = $1")
                .execute(Tuple.of(old.svixId())).await().indefinitely().iterator().next().getLong(0)).isZero();
    }

    private ApplyResult apply(Event... events) {
        return applier.apply(ClerkEvents.parsed(parser, List.of(events))).await().indefinitely();
    }

    private Row membershipRow(String org, String user) {
        RowSet<Row> rows = pool.preparedQuery(
                        "SELECT * FROM organization_memberships WHERE organization_id = $1 AND user_id = $2")
                .execute(Tuple.of(org, user)).await().indefinitely();
        assertThat(rows.rowCount()).as("membership row %s:%s", org, user).isEqualTo(1);
        return rows.iterator().next();
    }

    private Row row(String sql, String id) {
        RowSet<Row> rows = (id == null ? pool.query(sql).execute() : pool.preparedQuery(sql).execute(Tuple.of(id)))
                .await().indefinitely();
        assertThat(rows.rowCount()).as(sql).isEqualTo(1);
        return rows.iterator().next();
    }
}
