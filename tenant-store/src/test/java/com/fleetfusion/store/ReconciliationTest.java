package com.fleetfusion.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.store.store.ReconcileQueries;
import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.KafkaTopicWriter;
import com.fleetfusion.testsupport.PostgresResource;
import com.fleetfusion.testsupport.SessionTokens;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
 * endpoint), applying to the real Postgres; runs are started and followed through the operations endpoint (with
 * {@link #ADMIN_TOKEN} as its credential). The test profile pages by 10, so the few dozen objects here span several
 * pages.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
@WithTestResource(value = ClerkEmulatorResource.class,
        initArgs = @ResourceArg(name = "tenant-store.admin-token", value = ReconciliationTest.ADMIN_TOKEN))
class ReconciliationTest {

    /** The operations credential of the test run. */
    static final String ADMIN_TOKEN = "admin-token-for-tests-only";
    private static final String ADMIN = "Bearer " + ADMIN_TOKEN;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Inject
    ClerkEventParser parser;

    @Inject
    ClerkEventApplier applier;

    @Inject
    ReconcileQueries queries;

    private final ClerkEmulatorProcess emulator = ClerkEmulatorProcess.shared();
    private final ClerkEmulatorClient control = emulator.client();
    private final ClerkBackendCalls clerk = new ClerkBackendCalls(emulator);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** An empty Clerk and empty tenant tables: each test starts from nothing (the other classes' rows included). */
    @BeforeEach
    void emptyClerkAndTables() {
        control.reset();
        pool.query("TRUNCATE users, organizations, organization_memberships, reconciliation_lease,"
                + " reconciliation_runs, clerk_instances").execute()
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
        calls().apply(ClerkEvents.user(ghostUser, 1_000, "ghost@example.com"));
        calls().apply(ClerkEvents.organization(ghostOrganization, 1_000, "Ghost"));
        calls().apply(ClerkEvents.membership(ghostOrganization, users.get(0), "orgmem_ghost", 1_000, "org:admin"));
        calls().apply(ClerkEvents.user(futureUser, now + 3_600_000 - ClerkEvents.T0, "future@example.com"));
        // an orphan: live (newer than its organization's deletion) while the organization is a tombstone
        String deletedOrganization = "org_deleted" + run;
        calls().apply(ClerkEvents.organizationDeleted(deletedOrganization, 1_000));
        calls().apply(ClerkEvents.membership(deletedOrganization, users.get(0), "orgmem_orphan", 2_000, "org:member"));
        JsonNode first = clerk.users().stream().filter(u -> u.get("id").asText().equals(users.get(1))).findFirst()
                .orElseThrow();
        long newer = first.get("updated_at").asLong() + 1;
        calls().apply(ClerkEvents.user(users.get(1), newer - ClerkEvents.T0, "newer@example.com"));

        // 1 of 5 organizations and 2 of 17 memberships: beyond the default budget (5%), allowed for the test
        ReconcileState initial = reconcile(100);

        assertThat(initial.phase()).isEqualTo("completed");
        assertThat(initial.percentage()).isEqualTo(100.0);
        assertThat(initial.kinds().get("users").scanned()).isEqualTo(23);
        assertThat(initial.kinds().get("organizations").scanned()).isEqualTo(4);
        assertThat(initial.kinds().get("memberships").scanned()).isEqualTo(16);
        assertThat(initial.kinds().get("users").changed()).isEqualTo(22);
        assertThat(initial.kinds().get("memberships").tombstoned()).as("ghost and orphan").isEqualTo(2);
        assertThat(initial.tombstoned()).isEqualTo(4);
        assertThat(initial.requests()).as("the instance, 3 + 1 + 2 pages, 2 reads by id, the orphan's organization"
                + " (none for the ghost organization's membership)").isEqualTo(1 + 3 + 1 + 2 + 1 + 1 + 1);
        assertThat(email(users.get(1))).as("a newer row is never overwritten").isEqualTo("newer@example.com");
        assertThat(deletedAt("users", ghostUser)).isEqualTo(initial.tombstoneVersion());
        assertThat(deletedAt("organizations", ghostOrganization)).isEqualTo(initial.tombstoneVersion());
        assertThat(deletedAt("users", futureUser)).as("newer than the run: live").isNull();
        assertThat(query("SELECT count(*) FROM organization_memberships WHERE organization_id = $1"
                + " AND deleted_at IS NULL", deletedOrganization).iterator().next().getLong(0)).isZero();

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

        ReconcileState second = reconcile(100);

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
                .body(containsString("tenant_store_reconcile_requests_total{operation=\"GetUserList\",outcome=\"ok\"}"))
                .body(containsString("tenant_store_reconcile_duration_seconds_count"))
                .body(containsString("tenant_store_reconcile_running 0.0"))
                .body(containsString("tenant_store_reconcile_last_completed_seconds"));
    }

    @Test
    void runConcurrentWithWebhookDeliveriesConverges() throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicBoolean losing = new AtomicBoolean(true);
        AtomicInteger deliveries = new AtomicInteger();
        Set<String> forwarded = ConcurrentHashMap.newKeySet();
        try (KafkaTopicWriter writer = KafkaTopicWriter.ofTestBroker()) {
            // webhook-ingest's part, minus the signature check: each delivery onto clerk.events with its svix headers;
            // before the run, every other one is lost (answered 204 and dropped)
            receiver.createContext("/webhooks/clerk", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (losing.get() && deliveries.getAndIncrement() % 2 == 0) {
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                    return;
                }
                Map<String, String> headers = new TreeMap<>();
                for (String name : List.of("svix-id", "svix-timestamp", "svix-signature")) {
                    headers.put(name, exchange.getRequestHeaders().getFirst(name));
                }
                writer.sendAndWait("clerk.events", null, body, headers);
                forwarded.add(headers.get("svix-id"));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();
            control.addWebhookEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/clerk",
                    null);
            List<String> users = createUsers(20);
            List<String> organizations = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                organizations.add(clerk.createOrganization("Org " + i + " " + run, users.get(i)));
                for (int m = 1; m <= 4; m++) {
                    clerk.addMember(organizations.get(i), users.get(3 + 4 * i + m), "org:member");
                }
            }
            // the first users page and the memberships listing stall, so that changes land in the middle of the run
            control.hang("GetUserList", 1_500, 1);
            control.hang("InstanceGetOrganizationMemberships", 1_500, 1);
            losing.set(false);
            given().header("Authorization", ADMIN).queryParam("allowDeletes", 100).post("/admin/reconcile").then()
                    .statusCode(202);

            clerk.updateUserMetadata(users.get(0), Map.of("plan", "gold"));
            clerk.deleteUser(users.get(4));
            clerk.renameOrganization(organizations.get(0), "Renamed " + run);
            createUsers(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> calls().state().phase().equals("listing-memberships"));
            clerk.deleteUser(users.get(1));
            clerk.deleteOrganization(organizations.get(2));
            clerk.changeRole(organizations.get(1), users.get(9), "org:admin");
            clerk.removeMember(organizations.get(1), users.get(10));
            clerk.addMember(organizations.get(0), users.get(19), "org:member");
            clerk.updateUserMetadata(users.get(3), Map.of("plan", "silver"));

            ReconcileState state = calls().awaitFinished();
            assertThat(state.phase()).isEqualTo("completed");
            assertThat(state.changed()).as("the lost deliveries healed").isPositive();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(liveRows()).isEqualTo(clerkState()));
            // nothing left in flight for the next test: every delivery forwarded was consumed
            List<String> delivered = List.copyOf(forwarded);
            await().atMost(Duration.ofSeconds(30)).until(() -> query(
                    "SELECT count(*) FROM processed_events WHERE svix_id = ANY($1)",
                    (Object) delivered.toArray(String[]::new)).iterator().next().getLong(0) == delivered.size());
        } finally {
            receiver.stop(0);
            control.reset();
        }
    }

    @Test
    void tooManyRequestsAreRetriedAfterRetryAfter() {
        List<String> users = createUsers(12);
        clerk.createOrganization("Org " + run, users.get(0));
        control.fault("GetUserList", 429, 2, 1L);

        ReconcileState state = reconcile();

        assertThat(state.phase()).isEqualTo("completed");
        assertThat(state.requests()).as("the instance, 2 + 1 + 1 pages and the 2 refused attempts")
                .isEqualTo(1 + 2 + 1 + 1 + 2);
        assertThat(state.elapsedSeconds()).as("waited Retry-After twice").isGreaterThanOrEqualTo(2.0);
        assertThat(liveRows()).isEqualTo(clerkState());
        given().get("/q/metrics").then().body(containsString(
                "tenant_store_reconcile_requests_total{operation=\"GetUserList\",outcome=\"429\"}"));
    }

    @Test
    void transientFailureResumesAtTheSameOffset() {
        createUsers(25);
        // the first page is served, the second fails once
        control.hang("GetUserList", 1, 1);
        control.fault("GetUserList", 500, 1, null);

        ReconcileState state = reconcile();

        assertThat(state.phase()).isEqualTo("completed");
        assertThat(state.requests()).as("the instance, 3 + 1 + 1 pages and one failed attempt, nothing listed twice")
                .isEqualTo(1 + 3 + 1 + 1 + 1);
        assertThat(state.kinds().get("users").scanned()).isEqualTo(25);
        assertThat(liveRows()).isEqualTo(clerkState());
    }

    @Test
    void interruptedListingTombstonesNothing() {
        List<String> users = createUsers(25);
        String organization = clerk.createOrganization("Org " + run, users.get(0));
        clerk.addMember(organization, users.get(1), "org:member");
        assertThat(reconcile().phase()).isEqualTo("completed");
        clerk.deleteUser(users.get(1));
        clerk.deleteUser(users.get(2));
        clerk.deleteOrganization(organization);
        Map<String, String> before = liveRows();
        // page 1 of the users is served, page 2 keeps failing past the retries
        control.hang("GetUserList", 1, 1);
        control.fault("GetUserList", 500, 10, null);

        ReconcileState failed = reconcile();

        assertThat(failed.phase()).isEqualTo("failed");
        assertThat(failed.error()).startsWith("listing-users: GetUserList answered 500");
        assertThat(failed.kinds().get("users").scanned()).isEqualTo(10);
        assertThat(failed.tombstoned()).isZero();
        assertThat(liveRows()).isEqualTo(before);

        // the same with the users listed completely and the memberships listing failing
        control.reset();
        createUsers(1);
        control.fault("InstanceGetOrganizationMemberships", 503, 10, 0L);
        ReconcileState late = reconcile();
        assertThat(late.phase()).isEqualTo("failed");
        assertThat(late.error()).startsWith("listing-memberships:");
        assertThat(late.kinds().get("users").changed()).isEqualTo(1);
        assertThat(late.tombstoned()).isZero();
        assertThat(liveRows()).hasSize(before.size() + 1);
    }

    @Test
    void adminEndpointRefusesAMissingOrWrongCredential() {
        String lastRun = calls().state().id();
        String sessionToken = SessionTokens.v1("user_" + run).sign();
        for (String authorization : new String[] { null, "Bearer wrong", "Bearer " + sessionToken,
                ADMIN_TOKEN, "Basic " + ADMIN_TOKEN }) {
            for (String method : List.of("POST", "GET")) {
                var request = given();
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                request.request(method, "/admin/reconcile").then().statusCode(401)
                        .contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer")
                        .body("type", equalTo("https://fleetfusion.dev/problems/admin-unauthenticated"));
            }
        }
        assertThat(calls().state().id()).as("no run was started").isEqualTo(lastRun);
    }

    @Test
    void onlyOneRunAtATime() {
        createUsers(1);
        control.hang("GetUserList", 2_000, 1);
        given().header("Authorization", ADMIN).post("/admin/reconcile").then().statusCode(202)
                .body("phase", org.hamcrest.Matchers.oneOf("checking-instance", "listing-users"));
        given().header("Authorization", ADMIN).post("/admin/reconcile").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://fleetfusion.dev/problems/reconciliation-running"));
        assertThat(calls().awaitFinished().phase()).isEqualTo("completed");

        // another replica holds the lease
        query("INSERT INTO reconciliation_lease VALUES ('clerk-reconciliation', 'tenant-store-other/1234',"
                + " now() + interval '1 minute')");
        given().header("Authorization", ADMIN).post("/admin/reconcile").then().statusCode(409)
                .body("detail", containsString("tenant-store-other/1234"));
        // ... until it expires
        query("UPDATE reconciliation_lease SET expires_at = now() - interval '1 second'");
        given().header("Authorization", ADMIN).post("/admin/reconcile").then().statusCode(202);
        assertThat(calls().awaitFinished().phase()).isEqualTo("completed");
    }

    /** A renewal in flight when the run ends lands after the release: it must not hold the lease again. */
    @Test
    void aRenewalAfterTheReleaseDoesNotTakeTheLeaseAgain() {
        String holder = "tenant-store-test/" + UUID.randomUUID();
        assertThat(queries.acquireLease(holder, 60_000).await().indefinitely()).isEmpty();
        assertThat(queries.renewLease(holder, 60_000).await().indefinitely()).isTrue();

        queries.releaseLease(holder).await().indefinitely();
        assertThat(queries.renewLease(holder, 60_000).await().indefinitely()).isFalse();

        assertThat(queries.acquireLease("tenant-store-other/" + UUID.randomUUID(), 60_000).await().indefinitely())
                .isEmpty();
        assertThat(queries.renewLease(holder, 60_000).await().indefinitely()).isFalse();
        query("DELETE FROM reconciliation_lease");
    }

    @Test
    void clerkHealthGroupReportsTheBackendApiAndReadinessDoesNot() {
        // the emulator's very first answer may miss the check's 3 s timeout on a loaded machine (answers are kept 1 s
        // in tests)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/group/clerk").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("Clerk Backend API")));
        given().get("/q/health/ready").then()
                .body("checks.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("Clerk Backend API")));
    }

    private List<String> createUsers(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(clerk.createUser("u" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com",
                    "User" + i));
        }
        return ids;
    }

    // ---------------------------------------------------------------- several replicas

    @Test
    void aRunIsReportedForTheOtherReplicas() {
        ReconcileState own = reconcile();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Row row = pool.query("SELECT state->>'id', state->>'phase', holder FROM reconciliation_runs").execute()
                    .await().indefinitely().iterator().next();
            assertThat(row.getString(0)).isEqualTo(own.id());
            assertThat(row.getString(1)).isEqualTo("completed");
            assertThat(row.getString(2)).isEqualTo(own.replica()).isNotBlank();
        });
    }

    @Test
    void anotherReplicasRunIsAnsweredHere() {
        ReconcileState theirs = reported("replica-b/1", "listing-users", Instant.now());

        ReconcileState answered = calls().state();

        assertThat(answered.id()).isEqualTo(theirs.id());
        assertThat(answered.replica()).isEqualTo("replica-b/1");
        assertThat(answered.phase()).isEqualTo("listing-users");
        assertThat(answered.scanned()).isEqualTo(20);
        // and it is running there: none starts here
        given().header("Authorization", ADMIN).post("/admin/reconcile").then().statusCode(409);
    }

    @Test
    void aRunWhoseReplicaStoppedReportingIsInterrupted() {
        reported("replica-b/2", "listing-organizations", Instant.now());
        pool.query("UPDATE reconciliation_runs SET updated_at = now() - interval '1 hour'").execute()
                .await().indefinitely();

        ReconcileState answered = calls().state();

        assertThat(answered.phase()).isEqualTo("interrupted");
        assertThat(answered.error()).contains("replica-b/2").contains("listing-organizations");
    }

    @Test
    void aLateReportOfAnEarlierRunReplacesNoLaterOne() {
        Instant now = Instant.now();
        ReconcileState later = reported("replica-b/3", "listing-users", now);
        reported("replica-c/4", "completed", now.minusSeconds(60));

        assertThat(calls().state().id()).isEqualTo(later.id());
    }

    @Test
    void aProgressReportAfterTheSameRunsFinalOneIsIgnored() {
        Instant startedAt = Instant.now();
        ReconcileState finished = reported("replica-b/5", "completed", startedAt);
        reported(finished.id(), "replica-b/5", "tombstoning", startedAt);

        ReconcileState answered = calls().state();

        assertThat(answered.id()).isEqualTo(finished.id());
        assertThat(answered.phase()).isEqualTo("completed");
    }

    private ReconcileState reported(String replica, String phase, Instant startedAt) {
        return reported(UUID.randomUUID().toString(), replica, phase, startedAt);
    }

    /** What another replica running a run reports, as {@link ReconcileQueries#reportRun} stores it. */
    private ReconcileState reported(String id, String replica, String phase, Instant startedAt) {
        ReconcileState state = new ReconcileState(id, "admin", replica, phase, startedAt,
                "completed".equals(phase) ? startedAt.plusSeconds(5) : null, 1.5, 3, 20, 2, 0, 0, 0, 0, null,
                Map.of(), startedAt.toEpochMilli(), null, null, false, null, null);
        if (!"completed".equals(phase)) {
            // the other replica holds the lease while it runs
            pool.preparedQuery("INSERT INTO reconciliation_lease (name, holder, expires_at)"
                    + " VALUES ('clerk-reconciliation', $1, now() + interval '1 minute') ON CONFLICT (name) DO NOTHING")
                    .execute(Tuple.of(replica)).await().indefinitely();
        }
        try {
            queries.reportRun(replica, startedAt, mapper.writeValueAsString(state)).await().indefinitely();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return state;
    }

    // ---------------------------------------------------------------- helpers

    private ReconcileState reconcile() {
        given().header("Authorization", ADMIN).post("/admin/reconcile").then().statusCode(202);
        return calls().awaitFinished();
    }

    /** A run allowed to tombstone up to that many rows of each kind. */
    private ReconcileState reconcile(int allowDeletes) {
        given().header("Authorization", ADMIN).queryParam("allowDeletes", allowDeletes).post("/admin/reconcile")
                .then().statusCode(202);
        return calls().awaitFinished();
    }

    private ReconcileCalls calls() {
        return new ReconcileCalls(ADMIN, mapper, parser, applier);
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
