package com.fleetfusion.store;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.store.model.ClerkObjectKind;
import com.fleetfusion.store.model.MembershipChange;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The membership keys that reconciliation's SQL builds are the ones {@link ClerkEventKey} builds in Java. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkSessionResource.class)
class ReconcileQueriesKeyTest {

    @Inject
    ClerkEventParser parser;

    @Inject
    ClerkEventApplier applier;

    @Inject
    com.fleetfusion.store.store.ReconcileQueries queries;

    @Test
    void membershipKeysBuiltInSqlEqualTheJavaKeys() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String org = "org_key" + run;
        String user = "user_key" + run;
        ClerkEvents.Event membership = ClerkEvents.membership(org, user, "orgmem_" + run, 1_000, "org:member");
        applier.apply(ClerkEvents.parsed(parser, List.of(membership))).await().indefinitely();
        String javaKey = ClerkEventKey.membership(org, user);

        assertThat(queries.classify(ClerkObjectKind.MEMBERSHIPS,
                List.of(MembershipChange.deletion(org, user, ClerkEvents.at(1_000), null))).await().indefinitely())
                .containsOnlyKeys(javaKey);
        assertThat(queries.liveMembershipsOlderThan(Long.MAX_VALUE).await().indefinitely()).containsKey(javaKey);
    }
}
