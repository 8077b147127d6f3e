package com.fleetfusion.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Reconciliation cannot destroy (issue 22): a key of another instance, an API that answers empty lists, absences no
 * read by id confirms, and deletions beyond the budget tombstone nothing; a wrong tombstone heals. The service's
 * Backend API calls go through {@link ClerkApiSwitch} to the packaged clerk-emulator, or to a second, empty one of
 * another instance with another key.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
@WithTestResource(value = ClerkApiSwitch.class,
        initArgs = @ResourceArg(name = "tenant-store.admin-token", value = ReconcileSafetyTest.ADMIN_TOKEN))
class ReconcileSafetyTest {

    static final String ADMIN_TOKEN = "admin-token-of-the-safety-tests";
    private static final String ADMIN = "Bearer " + ADMIN_TOKEN;
    private static final String OTHER_INSTANCE = "ins_2otherinstance00000000";
    private static ClerkEmulatorProcess other;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Inject
    ClerkEventParser parser;

    @Inject
    ClerkEventApplier applier;

    private final ClerkEmulatorProcess emulator = ClerkEmulatorProcess.shared();
    private final ClerkEmulatorClient control = emulator.client();
    private final ClerkBackendCalls clerk = new ClerkBackendCalls(emulator);

    @BeforeEach
    void emptyClerkAndTables() {
        control.reset();
        ClerkApiSwitch.pointAt(emulator);
        ClerkApiSwitch.showAll();
        pool.query("TRUNCATE users, organizations, organization_memberships, reconciliation_lease,"
                + " reconciliation_runs, clerk_instances").execute().await().indefinitely();
    }

    @AfterEach
    void pointBack() {
        ClerkApiSwitch.pointAt(emulator);
        ClerkApiSwitch.showAll();
    }

    @AfterAll
    static void stopTheOtherInstance() {
        if (other != null) {
            other.close();
        }
    }

    /** A second, empty emulator: another instance with another key. */
    private static synchronized ClerkEmulatorProcess otherInstance() {
        if (other == null) {
            other = ClerkEmulatorProcess.create("sk_test_another_instance", Map.of("CLERK_INSTANCE_ID", OTHER_INSTANCE));
            other.start();
        }
        return other;
    }

    @Test
    void aKeyOfAnotherInstanceTombstonesNothingAndThePointedBackRunChangesNothing() {
        seed(6);
        ReconcileState first = reconcile(null, false);
        assertThat(first.phase()).isEqualTo("completed");
        assertThat(first.instanceId()).isEqualTo("ins_2fleetfusionemulator0000");
        Map<String, String> before = liveRows();
        assertThat(before).isEqualTo(clerkState()).hasSize(6 + 1 + 3);

        ClerkApiSwitch.pointAt(otherInstance());
        ReconcileState wrong = reconcile(null, false);

        assertThat(wrong.phase()).isEqualTo("refused");
        assertThat(wrong.reason()).isEqualTo("instance-mismatch");
        assertThat(wrong.error()).contains(OTHER_INSTANCE).contains("ins_2fleetfusionemulator0000");
        assertThat(wrong.tombstoned()).isZero();
        assertThat(wrong.scanned()).as("refused before listing").isZero();
        assertThat(wrong.requests()).isEqualTo(1);
        assertThat(liveRows()).isEqualTo(before);

        // a store that never learnt its instance: the empty lists exceed the deletion budget of every kind
        query("TRUNCATE clerk_instances");
        ReconcileState empty = reconcile(null, false);

        assertThat(empty.phase()).isEqualTo("refused");
        assertThat(empty.reason()).isEqualTo("deletion-budget");
        assertThat(empty.tombstoned()).isZero();
        assertThat(empty.kinds().get("users").refused()).isEqualTo(6);
        assertThat(empty.kinds().get("users").live()).isEqualTo(6);
        assertThat(empty.kinds().get("users").budget()).isZero();
        assertThat(empty.refused()).isEqualTo(6 + 1 + 3);
        assertThat(empty.error()).contains("users 6 of 6 live");
        assertThat(liveRows()).isEqualTo(before);
        assertThat(instances()).as("a refused run records no instance").isEmpty();

        ClerkApiSwitch.pointAt(emulator);
        ReconcileState back = reconcile(null, false);

        assertThat(back.phase()).isEqualTo("completed");
        assertThat(back.changed() + back.tombstoned() + back.restored()).isZero();
        assertThat(liveRows()).isEqualTo(before);
        assertThat(instances()).containsExactly("ins_2fleetfusionemulator0000");
        given().get("/q/metrics").then()
                .body(containsString("tenant_store_reconcile_runs_total{outcome=\"refused\"}"))
                .body(containsString("tenant_store_reconcile_objects_total{kind=\"users\",result=\"refused\"}"));
    }

    @Test
    void deletionsBeyondTheBudgetWaitForTheOperator() {
        List<String> users = seed(10);
        assertThat(reconcile(null, false).phase()).isEqualTo("completed");
        clerk.deleteUser(users.get(8));
        clerk.deleteUser(users.get(9));
        Map<String, String> before = liveRows();

        ReconcileState refused = reconcile(null, false);

        assertThat(refused.phase()).isEqualTo("refused");
        assertThat(refused.reason()).isEqualTo("deletion-budget");
        assertThat(refused.kinds().get("users").refused()).isEqualTo(2);
        assertThat(refused.kinds().get("users").budget()).as("5% of 10, rounded down").isZero();
        assertThat(liveRows()).isEqualTo(before);

        ReconcileState dry = reconcile(2L, true);

        assertThat(dry.phase()).isEqualTo("completed");
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.kinds().get("users").preview().tombstone()).isEqualTo(2);
        assertThat(dry.kinds().get("users").preview().tombstoneIds())
                .containsExactlyInAnyOrder(users.get(8), users.get(9));
        assertThat(dry.kinds().get("users").preview().change()).isZero();
        assertThat(dry.tombstoned()).isZero();
        assertThat(liveRows()).as("a dry run changes nothing").isEqualTo(before);

        ReconcileState allowed = reconcile(2L, false);

        assertThat(allowed.phase()).isEqualTo("completed");
        assertThat(allowed.kinds().get("users").tombstoned()).isEqualTo(2);
        assertThat(liveRows()).isEqualTo(clerkState());
        assertThat(deletedBy("users", users.get(8))).isEqualTo("reconcile");
    }

    @Test
    void anAbsenceNoReadConfirmsLeavesTheRowAlone() {
        List<String> users = seed(4);
        clerk.createUser("lonely-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com", "Lonely");
        assertThat(reconcile(null, false).phase()).isEqualTo("completed");
        String lonely = liveRows().keySet().stream().filter(k -> k.startsWith("users "))
                .map(k -> k.substring(6)).filter(id -> !users.contains(id)).findFirst().orElseThrow();
        Map<String, String> before = liveRows();

        // skipped by the listing, found by the read by id: applied, not tombstoned
        ClerkApiSwitch.hideFromListings(lonely);
        ReconcileState skipped = reconcile(10L, false);
        assertThat(skipped.tombstoned() + skipped.unconfirmed()).isZero();
        assertThat(liveRows()).isEqualTo(before);

        // and when the read by id fails past its retries
        control.fault("GetUser", 500, 10, null);
        ReconcileState failing = reconcile(10L, false);

        assertThat(failing.phase()).isEqualTo("completed");
        assertThat(failing.kinds().get("users").unconfirmed()).isEqualTo(1);
        assertThat(failing.tombstoned()).isZero();
        assertThat(liveRows()).isEqualTo(before);
        given().get("/q/metrics").then()
                .body(containsString("tenant_store_reconcile_objects_total{kind=\"users\",result=\"unconfirmed\"}"));
    }

    @Test
    void aWrongTombstoneIsHealedByTheNextRun() {
        List<String> users = seed(6);
        assertThat(reconcile(null, false).phase()).isEqualTo("completed");
        Map<String, String> right = liveRows();
        String member = users.get(1);

        // Clerk's API leaves the member out of every answer for one run
        ClerkApiSwitch.hide(member);
        ReconcileState wrong = reconcile(10L, false);
        assertThat(wrong.kinds().get("users").tombstoned()).isEqualTo(1);
        assertThat(wrong.kinds().get("memberships").tombstoned()).isEqualTo(1);
        assertThat(deletedBy("users", member)).isEqualTo("reconcile");
        ClerkApiSwitch.showAll();

        ReconcileState healed = reconcile(null, false);

        assertThat(healed.phase()).isEqualTo("completed");
        assertThat(healed.kinds().get("users").restored()).isEqualTo(1);
        assertThat(healed.kinds().get("memberships").restored()).isEqualTo(1);
        assertThat(healed.restored()).isEqualTo(2);
        assertThat(liveRows()).isEqualTo(right);
        assertThat(deletedBy("users", member)).isNull();
        given().get("/q/metrics").then()
                .body(containsString("tenant_store_reconcile_objects_total{kind=\"users\",result=\"restored\"}"));
    }

    @Test
    void aWebhookNewerThanTheObjectsLastVersionRestoresAReconciliationTombstone() {
        List<String> users = seed(2);
        assertThat(reconcile(null, false).phase()).isEqualTo("completed");
        String user = users.get(0);
        long lastVersion = version(user);
        ClerkApiSwitch.hide(user);
        assertThat(reconcile(10L, false).kinds().get("users").tombstoned()).isEqualTo(1);

        // a redelivery of the last state the store had does not restore it; anything newer does
        calls().apply(ClerkEvents.user(user, lastVersion - ClerkEvents.T0, "same@example.com"));
        assertThat(deletedBy("users", user)).isEqualTo("reconcile");
        calls().apply(ClerkEvents.user(user, lastVersion + 1 - ClerkEvents.T0, "newer@example.com"));

        assertThat(deletedBy("users", user)).isNull();
        assertThat(query("SELECT primary_email, deleted_at FROM users WHERE id = $1", user).iterator().next()
                .getString(0)).isEqualTo("newer@example.com");
        assertThat(version(user)).isEqualTo(lastVersion + 1);
    }

    // ---------------------------------------------------------------- helpers

    /** n users; one organization created by the first, with the second and third as members. */
    private List<String> seed(int n) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(clerk.createUser("s" + i + "-" + UUID.randomUUID().toString().substring(0, 6)
                    + "@example.com", "User" + i));
        }
        String organization = clerk.createOrganization("Safety " + UUID.randomUUID().toString().substring(0, 6),
                users.get(0));
        for (int i = 1; i < Math.min(n, 3); i++) {
            clerk.addMember(organization, users.get(i), "org:member");
        }
        return users;
    }

    private ReconcileState reconcile(Long allowDeletes, boolean dryRun) {
        var request = given().header("Authorization", ADMIN);
        if (allowDeletes != null) {
            request.queryParam("allowDeletes", allowDeletes);
        }
        if (dryRun) {
            request.queryParam("dryRun", true);
        }
        request.post("/admin/reconcile").then().statusCode(202);
        return calls().awaitFinished();
    }

    private ReconcileCalls calls() {
        return new ReconcileCalls(ADMIN, mapper, parser, applier);
    }

    /** Live rows by key, with their version. */
    private Map<String, String> liveRows() {
        Map<String, String> rows = new TreeMap<>();
        for (Row row : query("SELECT id, source_version FROM users WHERE deleted_at IS NULL")) {
            rows.put("users " + row.getString(0), Long.toString(row.getLong(1)));
        }
        for (Row row : query("SELECT id, source_version FROM organizations WHERE deleted_at IS NULL")) {
            rows.put("organizations " + row.getString(0), Long.toString(row.getLong(1)));
        }
        for (Row row : query("SELECT organization_id, user_id, source_version, membership_id"
                + " FROM organization_memberships WHERE deleted_at IS NULL")) {
            rows.put("memberships " + row.getString(0) + ":" + row.getString(1), row.getLong(2) + " "
                    + row.getString(3));
        }
        return rows;
    }

    /** Clerk's objects in the same form. */
    private Map<String, String> clerkState() {
        Map<String, String> rows = new TreeMap<>();
        clerk.users().forEach(u -> rows.put("users " + u.get("id").asText(), u.get("updated_at").asText()));
        clerk.organizations().forEach(o -> rows.put("organizations " + o.get("id").asText(),
                o.get("updated_at").asText()));
        clerk.memberships().forEach(m -> rows.put("memberships " + m.get("organization").get("id").asText() + ":"
                + m.get("public_user_data").get("user_id").asText(), m.get("updated_at").asLong() + " "
                + m.get("id").asText()));
        return rows;
    }

    private String deletedBy(String table, String id) {
        return query("SELECT deleted_by FROM " + table + " WHERE id = $1", id).iterator().next().getString(0);
    }

    private long version(String userId) {
        Row row = query("SELECT source_version, restore_version, deleted_by FROM users WHERE id = $1", userId)
                .iterator().next();
        return "reconcile".equals(row.getString(2)) ? row.getLong(1) : row.getLong(0);
    }

    private List<String> instances() {
        List<String> ids = new ArrayList<>();
        query("SELECT instance_id FROM clerk_instances").forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    private Iterable<Row> query(String sql, Object... parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().indefinitely();
    }
}
