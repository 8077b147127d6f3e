package com.fleetfusion.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicWriter;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.SessionTokens;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Reconciliation against the packaged clerk-emulator over real HTTP (webhooks off unless a test registers an
 * endpoint), applying to the real Postgres; runs are started and followed through the operations endpoint. The test
 * profile pages by 10, so the few dozen objects here span several pages.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
@WithTestResource(ClerkEmulatorResource.class)
class ReconciliationTest {

    private static final String ADMIN = "Bearer " + ClerkEmulatorResource.ADMIN_TOKEN;

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
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** An empty Clerk and empty tenant tables: each test starts from nothing (the other classes' rows included). */
    @BeforeEach
    void emptyClerkAndTables() {
        control.reset();
        pool.query("TRUNCATE users, organizations, organization_memberships, reconciliation_lease").execute()
                .await().indefinitely();
    }

    @Test
    void runBringsTheDatabaseExactlyToClerksState() {
        List<String> users = createUsers(23);
        List<String> organizations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String organization = clerk.createOrganization("Org " + i + " " + run, users.get(i));
            organizations.add(organization);
            for (int m = 1; m <= 3; m++) {
                clerk.addMember(organization, users.get(4 + 3 * i + m), "org:member");
            }
        }
        // what the webhooks would have left: a ghost user, org and membership Clerk never had (or deleted with the
        // webhooks lost), a newer copy of a Clerk user, and a row newer than the run that no run may tombstone
        String ghostUser = "user_ghost" + run;
        String ghostOrganization = "org_ghost" + run;
        String futureUser = "user_future" + run;
        long now = System.currentTimeMillis();
        apply(ClerkEvents.user(ghostUser, 1_000, "ghost@example.com"));
        apply(ClerkEvents.organization(ghostOrganization, 1_000, "Ghost"));
        apply(ClerkEvents.membership(ghostOrganization, users.get(0), "orgmem_ghost", 1_000, "org:admin"));
        apply(ClerkEvents.user(futureUser, now + 3_600_000 - ClerkEvents.T0, "future@example.com"));
        JsonNode first = clerk.users().stream().filter(u -> u.get("id").asText().equals(users.get(1))).findFirst()
                .orElseThrow();
        long newer = first.get("updated_at").asLong() + 1;
        apply(ClerkEvents.user(users.get(1), newer - ClerkEvents.T0, "newer@example.com"));

        ReconcileState initial = reconcile();

        assertThat(initial.phase()).isEqualTo("completed");
        assertThat(initial.percentage()).isEqualTo(100.0);
        assertThat(initial.kinds().get("users").scanned()).isEqualTo(23);
        assertThat(initial.kinds().get("organizations").scanned()).isEqualTo(4);
        assertThat(initial.kinds().get("memberships").scanned()).isEqualTo(16);
        assertThat(initial.kinds().get("users").changed()).isEqualTo(22);
        assertThat(initial.tombstoned()).isEqualTo(3);
        assertThat(initial.requests()).as("3 + 1 + 2 pages, 2 absence checks").isEqualTo(3 + 1 + 2 + 1 + 1);
        assertThat(email(users.get(1))).as("a newer row is never overwritten").isEqualTo("newer@example.com");
        assertThat(deletedAt("users", ghostUser)).isEqualTo(initial.tombstoneVersion());
        assertThat(deletedAt("organizations", ghostOrganization)).isEqualTo(initial.tombstoneVersion());
        assertThat(deletedAt("users", futureUser)).as("newer than the run: live").isNull();

        // changed in Clerk while the webhooks were lost
        clerk.updateUserMetadata(users.get(1), Map.of("plan", "gold"));
        clerk.updateUserMetadata(users.get(2), Map.of("plan", "silver"));
        clerk.deleteUser(users.get(5));
        clerk.deleteUser(users.get(20));
        clerk.deleteOrganization(organizations.get(3));
        clerk.renameOrganization(organizations.get(0), "Renamed " + run);
        clerk.changeRole(organizations.get(1), users.get(8), "org:admin");
        clerk.removeMember(organizations.get(2), users.get(11));
        clerk.addMember(organizations.get(2), users.get(21), "org:member");
        createUsers(2);

        ReconcileState second = reconcile();

        assertThat(second.phase()).isEqualTo("completed");
        Map<String, String> database = liveRows();
        assertThat(database.remove("users " + futureUser)).isNotNull();
        assertThat(database).isEqualTo(clerkState());
        assertThat(second.kinds().get("users").tombstoned()).isEqualTo(2);
        assertThat(second.kinds().get("organizations").tombstoned()).isEqualTo(1);
        // user 5 (one membership), organization 3 (3 members and its creator), one removal
        assertThat(second.kinds().get("memberships").tombstoned()).isEqualTo(1 + 4 + 1);
        assertThat(second.kinds().get("users").changed()).isEqualTo(2 + 2);
        assertThat(second.requests() - 1).as("paced at 20 requests per second")
                .isLessThanOrEqualTo((long) Math.ceil(second.elapsedSeconds() * 20) + 1);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tenant_store_reconcile_objects_total{kind=\"users\",result=\"tombstoned\"}"))
                .body(containsString("tenant_store_reconcile_runs_total{outcome=\"completed\"}"))
                .body(containsString("tenant_store_reconcile_requests_total{operation=\"GetUserList\",outcome=\"ok\"}"));
    }

    private List<String> createUsers(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(clerk.createUser("u" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com",
                    "User" + i));
        }
        return ids;
    }

    // ---------------------------------------------------------------- helpers

    private ReconcileState reconcile() {
        given().header("Authorization", ADMIN).post("/admin/reconcile").then().statusCode(202);
        return awaitFinished();
    }

    private ReconcileState awaitFinished() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> List.of("completed", "failed").contains(state().phase()));
        return state();
    }

    private ReconcileState state() {
        Response response = given().header("Authorization", ADMIN).get("/admin/reconcile");
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return mapper.readValue(response.asString(), ReconcileState.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void apply(ClerkEvents.Event event) {
        try {
            applier.apply(List.of(parser.parse(event.body(), event.svixId(), null))).await().indefinitely();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Live rows in the fields Clerk decides, with their version. */
    private Map<String, String> liveRows() {
        Map<String, String> rows = new TreeMap<>();
        for (Row row : query("SELECT id, source_version, primary_email, first_name, last_name FROM users"
                + " WHERE deleted_at IS NULL")) {
            rows.put("users " + row.getString(0), row.getLong(1) + " " + row.getString(2) + " " + row.getString(3)
                    + " " + row.getString(4));
        }
        for (Row row : query("SELECT id, source_version, name, slug FROM organizations WHERE deleted_at IS NULL")) {
            rows.put("organizations " + row.getString(0), row.getLong(1) + " " + row.getString(2) + " "
                    + row.getString(3));
        }
        for (Row row : query("SELECT organization_id, user_id, source_version, membership_id, role"
                + " FROM organization_memberships WHERE deleted_at IS NULL")) {
            rows.put("memberships " + row.getString(0) + ":" + row.getString(1), row.getLong(2) + " "
                    + row.getString(3) + " " + row.getString(4));
        }
        return rows;
    }

    /** The emulator's objects in the same form. */
    private Map<String, String> clerkState() {
        Map<String, String> rows = new TreeMap<>();
        for (JsonNode user : clerk.users()) {
            String primary = user.get("primary_email_address_id").asText();
            String email = null;
            for (JsonNode address : user.get("email_addresses")) {
                if (address.get("id").asText().equals(primary)) {
                    email = address.get("email_address").asText();
                }
            }
            rows.put("users " + user.get("id").asText(), user.get("updated_at").asLong() + " " + email + " "
                    + text(user, "first_name") + " " + text(user, "last_name"));
        }
        for (JsonNode organization : clerk.organizations()) {
            rows.put("organizations " + organization.get("id").asText(), organization.get("updated_at").asLong()
                    + " " + text(organization, "name") + " " + text(organization, "slug"));
        }
        for (JsonNode membership : clerk.memberships()) {
            rows.put("memberships " + membership.get("organization").get("id").asText() + ":"
                    + membership.get("public_user_data").get("user_id").asText(),
                    membership.get("updated_at").asLong() + " " + text(membership, "id") + " "
                            + text(membership, "role"));
        }
        return rows;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private String email(String userId) {
        return query("SELECT primary_email FROM users WHERE id = $1", userId).iterator().next().getString(0);
    }

    /** deleted_at of a row in epoch ms, null if live. */
    private Long deletedAt(String table, String id) {
        Row row = query("SELECT (extract(epoch FROM deleted_at) * 1000)::bigint FROM " + table + " WHERE id = $1",
                id).iterator().next();
        return row.getLong(0);
    }

    private Iterable<Row> query(String sql, Object... parameters) {
        return pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().indefinitely();
    }
}
