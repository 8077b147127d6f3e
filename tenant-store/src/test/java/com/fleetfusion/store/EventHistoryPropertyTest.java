package com.fleetfusion.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.store.ClerkEvents.Event;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.store.store.TenantTables;
import com.fleetfusion.testsupport.PostgresServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * THE invariant: applying any shuffled sequence of a history's events, with duplicates (Svix redeliveries, same
 * svix-id) and replays (same body, another svix-id), in batches of any size, gives exactly the state of applying
 * the history once, in order, one event per transaction. Runs the parser and the applier the consumer uses on the
 * real Postgres (without Kafka, for speed; the consumer tests cover the topic).
 */
class EventHistoryPropertyTest {

    private static Vertx vertx;
    private static Pool pool;
    private static ClerkEventParser parser;
    private static ClerkEventApplier applier;

    @BeforeContainer
    static void connect() {
        PostgresServer postgres = PostgresServer.shared();
        // tenant-store's own role, as the service: the tables it creates are the ones the service writes
        Flyway.configure().dataSource("jdbc:" + postgres.url(), PostgresServer.TENANT_STORE_USER,
                PostgresServer.SERVICE_PASSWORD).locations("classpath:db/migration").load().migrate();
        vertx = Vertx.vertx();
        PgConnectOptions options = PgConnectOptions.fromUri(postgres.url()).setUser(PostgresServer.TENANT_STORE_USER)
                .setPassword(PostgresServer.SERVICE_PASSWORD);
        pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options)
                .using(vertx.getDelegate()).build());
        parser = new ClerkEventParser(new ObjectMapper());
        applier = new ClerkEventApplier(pool, new TenantTables(), new SimpleMeterRegistry());
    }

    @AfterContainer
    static void close() {
        if (pool != null) {
            pool.closeAndAwait();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
    }

    /**
     * An event of the history, written for a universe prefix so that each run has rows of its own. Kinds 6 and 7 are
     * memberships of a generation (created at tick {@code generation}; 4 and 5 are all of one earlier generation):
     * a re-add and a removal whose timestamp may well be after the re-add's {@code updated_at}.
     */
    record Step(int kind, int user, int organization, long version, int generation) {
        Event event(String prefix) {
            String userId = prefix + "user_" + user;
            String orgId = prefix + "org_" + organization;
            return switch (kind) {
                case 0 -> ClerkEvents.user(userId, version, "u" + version + "@example.com");
                case 1 -> ClerkEvents.userDeleted(userId, version);
                case 2 -> ClerkEvents.organization(orgId, version, "Org " + version);
                case 3 -> ClerkEvents.organizationDeleted(orgId, version);
                case 4 -> ClerkEvents.membership(orgId, userId, "orgmem_" + version, version,
                        version % 2 == 0 ? "org:admin" : "org:member");
                case 5 -> ClerkEvents.membershipDeleted(orgId, userId, "orgmem_" + version, version - 1, version);
                case 6 -> ClerkEvents.membership(orgId, userId, "orgmem_g" + generation, generation, version,
                        version % 2 == 0 ? "org:admin" : "org:member");
                default -> ClerkEvents.membershipDeleted(orgId, userId, "orgmem_g" + generation, generation,
                        Math.max(generation, version - 1), version);
            };
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        // few ids and few versions: ties, cascades and resurrections are common
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 1),
                Arbitraries.longs().between(1, 12), Arbitraries.integers().between(0, 2)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 150)
    void anyShuffledSequenceWithDuplicatesGivesTheStateOfTheHistoryInOrder(
            @ForAll("histories") List<Step> history, @ForAll long seed) {
        Random random = new Random(seed);
        String reference = "p" + UUID.randomUUID().toString().substring(0, 8) + "_";
        for (Step step : history) {
            applyBatch(List.of(step.event(reference)));
        }

        String shuffled = "p" + UUID.randomUUID().toString().substring(0, 8) + "_";
        List<Event> delivered = new ArrayList<>();
        for (Step step : history) {
            Event event = step.event(shuffled);
            delivered.add(event);
            int extra = random.nextInt(3);
            for (int i = 0; i < extra; i++) {
                // a Svix redelivery (same svix-id), or the same body again under another id (a replay)
                delivered.add(random.nextBoolean() ? ClerkEvents.redelivery(event)
                        : new Event("msg_" + UUID.randomUUID(), event.type(), event.key(), event.body()));
            }
        }
        Collections.shuffle(delivered, random);
        for (int from = 0; from < delivered.size(); ) {
            int to = Math.min(delivered.size(), from + 1 + random.nextInt(8));
            applyBatch(delivered.subList(from, to));
            from = to;
        }

        assertThat(snapshot(shuffled)).isEqualTo(snapshot(reference));
    }

    /**
     * A member removed and added again: the removal's timestamp is after the re-add's {@code updated_at} (two clocks),
     * yet in every order, with redeliveries, in batches of any size, the member is present as the re-add.
     */
    @Property(tries = 60)
    void aRemovalOfAnEarlierMembershipNeverDeletesTheReAdd(@ForAll @IntRange(min = 1, max = 5) int reAddTick,
            @ForAll @IntRange(min = 0, max = 5) int removalLag, @ForAll long seed) {
        Random random = new Random(seed);
        String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + "_";
        String organization = prefix + "org";
        String user = prefix + "user";
        List<Event> delivered = new ArrayList<>(List.of(
                ClerkEvents.membership(organization, user, "orgmem_first", 0, 0, "org:member"),
                ClerkEvents.membershipDeleted(organization, user, "orgmem_first", 0, 0, reAddTick + removalLag),
                ClerkEvents.membership(organization, user, "orgmem_again", reAddTick, reAddTick, "org:admin")));
        delivered.add(ClerkEvents.redelivery(delivered.get(random.nextInt(delivered.size()))));
        Collections.shuffle(delivered, random);
        for (int from = 0; from < delivered.size(); ) {
            int to = Math.min(delivered.size(), from + 1 + random.nextInt(3));
            applyBatch(delivered.subList(from, to));
            from = to;
        }

        List<String> rows = snapshot(prefix);
        assertThat(rows).as("the re-add is live").anyMatch(row -> row.contains("orgmem_again"))
                .noneMatch(row -> row.contains("orgmem_first"));
    }

    private static void applyBatch(List<Event> events) {
        applier.apply(ClerkEvents.parsed(parser, events)).await().indefinitely();
    }

    private static List<String> snapshot(String prefix) {
        return TenantTablesSnapshot.of(pool, prefix).stream().map(row -> row.replace(prefix, "P_")).toList();
    }
}
