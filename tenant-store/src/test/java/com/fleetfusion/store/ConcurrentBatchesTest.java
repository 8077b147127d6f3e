package com.fleetfusion.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fleetfusion.store.ClerkEvents.Event;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches applied at the same time, as two replicas consuming different partitions of clerk.events do (a user's
 * events and its memberships' events have different keys, so they land on different partitions), and as a
 * reconciliation run does beside the consumer. Under READ COMMITTED, a membership upsert and a user deletion in
 * concurrent transactions would not see each other (neither the deletion the membership's cascade check reads, nor
 * the membership row the deletion's cascade updates): the membership would stay live. The applier must serialize
 * exactly those conflicts; every round here overlaps the two transactions.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
class ConcurrentBatchesTest {

    private static final int ROUNDS = 30;
    private static final int PER_BATCH = 20;

    @Inject
    ClerkEventParser parser;

    @Inject
    ClerkEventApplier applier;

    @Inject
    Pool pool;

    @Test
    void userDeletionAndMembershipInConcurrentBatchesAlwaysCascade() {
        for (int round = 0; round < ROUNDS; round++) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<Event> deletions = new ArrayList<>();
            List<Event> memberships = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++) {
                String user = "user_" + run + "_" + i;
                deletions.add(ClerkEvents.userDeleted(user, 2_000));
                memberships.add(ClerkEvents.membership("org_" + run, user, "orgmem_" + run + i, 1_000, "org:member"));
            }
            concurrently(deletions, memberships);

            assertThat(liveMemberships("org_" + run)).as("round %d: live memberships of deleted users", round)
                    .isZero();
        }
    }

    @Test
    void organizationDeletionAndMembershipInConcurrentBatchesAlwaysCascade() {
        for (int round = 0; round < ROUNDS; round++) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            String org = "org_" + run;
            List<Event> memberships = new ArrayList<>();
            for (int i = 0; i < PER_BATCH; i++) {
                memberships.add(ClerkEvents.membership(org, "user_" + run + "_" + i, "orgmem_" + run + i, 1_000,
                        "org:member"));
            }
            concurrently(List.of(ClerkEvents.organizationDeleted(org, 2_000)), memberships);

            assertThat(liveMemberships(org)).as("round %d: live memberships of a deleted organization", round)
                    .isZero();
        }
    }

    /** Both batches subscribed at once: each gets its own connection and transaction from the pool. */
    private void concurrently(List<Event> first, List<Event> second) {
        Uni.combine().all()
                .unis(applier.apply(ClerkEvents.parsed(parser, first)), applier.apply(ClerkEvents.parsed(parser, second)))
                .discardItems().await().indefinitely();
    }

    private long liveMemberships(String org) {
        Row row = pool.preparedQuery("SELECT count(*) FROM organization_memberships "
                        + "WHERE organization_id = $1 AND deleted_at IS NULL")
                .execute(Tuple.of(org)).await().indefinitely().iterator().next();
        return row.getLong(0);
    }
}
