package com.fleetfusion.store.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fleetfusion.store.config.TenantStoreConfig;
import com.fleetfusion.store.model.ApplyResult;
import com.fleetfusion.store.model.ClerkEvent;
import com.fleetfusion.store.model.EventRecordValue;
import com.fleetfusion.store.model.Outcome;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.DatabaseFailures;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes {@code clerk.events} in batches (group {@code tenant-store}) and applies each batch in one transaction.
 *
 * <p>Offsets: the batch is acknowledged only after its transaction committed (and its dead letters were accepted by
 * the broker); the throttled commit strategy then commits acknowledged offsets only. A kill at any moment therefore
 * re-delivers what was not committed, and re-applying is harmless (last writer wins, svix-id dedupe).
 *
 * <p>Trust: each record's signature (and then its version's distance from the clock) is checked first, by
 * {@link ClerkEventRecordGuard}; a refused record is dead-lettered with its reason and nothing of it is applied.
 *
 * <p>Faults: a record that cannot be applied goes to {@code clerk.events.dlq} and the batch goes on. A transient
 * database failure retries the batch with capped exponential back-off, for ever: SmallRye keeps polling with the
 * partitions paused meanwhile, so the consumer stays in its group (max.poll.interval.ms is not at stake), and the
 * batch resumes by itself when the database returns. If a rebalance moves the partition away during the wait, the
 * late acknowledgement is ignored and the new owner re-applies from the committed offset: same result.
 *
 * <p>In flight: {@code tenant-store.apply.batches-in-flight} batches (default 2) are applied at once, so the next
 * batch is read, prepared and queued in Postgres while the one before it is in its transaction. They may commit in
 * either order: the final state does not depend on it (last writer wins; the advisory locks of begin_apply serialize
 * them where they conflict, as they do two replicas' batches), and the throttled strategy commits an offset only
 * once every record before it is acknowledged.
 */
@ApplicationScoped
public class ClerkEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ClerkEventsConsumer.class);

    private final ClerkEventApplier applier;
    private final DeadLetterPublisher deadLetters;
    private final ClerkEventRecordGuard guard;
    private final TenantStoreConfig config;
    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    private final Counter retries;
    /** Completions of the batches in flight, oldest first; only consume() touches it, one batch at a time. */
    private final Deque<Uni<Void>> inFlight = new ArrayDeque<>();

    public ClerkEventsConsumer(ClerkEventApplier applier, DeadLetterPublisher deadLetters, ClerkEventRecordGuard guard,
            TenantStoreConfig config, MeterRegistry registry) {
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.guard = guard;
        this.config = config;
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder("tenant_store.events")
                    .description("Clerk events consumed, by outcome").tag("outcome", outcome.label())
                    .register(registry));
        }
        this.retries = Counter.builder("tenant_store.apply.retries")
                .description("Batch transactions retried after a transient database failure").register(registry);
    }

    void checkSettings(@Observes StartupEvent event) {
        if (config.apply().batchesInFlight() < 1) {
            throw new IllegalStateException("tenant-store.apply.batches-in-flight must be at least 1");
        }
    }

    /**
     * Starts applying the batch and returns once fewer than batches-in-flight batches are unfinished: SmallRye delivers
     * the next batch then. A batch that fails for good is nacked (failure-strategy=fail stops the channel).
     */
    @Incoming("clerk-events")
    public Uni<Void> consume(KafkaRecordBatch<String, EventRecordValue> batch) {
        Uni<Void> done = process(batch)
                .onFailure().call(failure -> Uni.createFrom().completionStage(() -> batch.nack(failure)))
                .memoize().indefinitely();
        done.subscribe().with(applied -> { }, failure -> { });
        inFlight.addLast(done);
        return inFlight.size() < config.apply().batchesInFlight() ? Uni.createFrom().voidItem()
                : inFlight.removeFirst();
    }

    private Uni<Void> process(KafkaRecordBatch<String, EventRecordValue> batch) {
        List<KafkaRecord<String, EventRecordValue>> records = batch.getRecords();
        List<ClerkEvent> events = new ArrayList<>(records.size());
        List<KafkaRecord<String, EventRecordValue>> eventRecords = new ArrayList<>(records.size());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (KafkaRecord<String, EventRecordValue> record : records) {
            EventRecordValue value = valueOf(record);
            String rejection = guard.rejection(record, value, now);
            if (rejection != null) {
                deadLettered.add(deadLetter(record, rejection));
            } else if (value.event() != null) {
                events.add(value.event());
                eventRecords.add(record);
            } else {
                deadLettered.add(deadLetter(record, value.unapplicable()));
            }
        }
        return untilDone(Multi.createFrom().iterable(deadLettered).onItem().transformToUniAndConcatenate(u -> u)
                        .collect().last().replaceWithVoid(), "dead-lettering")
                .chain(() -> untilDone(applyIsolatingBadRecords(events, eventRecords), "applying"))
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /** Applies the batch; if the records themselves make it fail, applies them one by one and dead-letters the bad. */
    private Uni<Void> applyIsolatingBadRecords(List<ClerkEvent> events,
            List<KafkaRecord<String, EventRecordValue>> records) {
        return applier.apply(events).invoke(this::count).replaceWithVoid()
                .onFailure(DatabaseFailures::causedByRecords).recoverWithUni(failure -> {
                    LOG.warnf("a batch of %d events failed on its data (%s); applying them one by one",
                            events.size(), failure.getMessage());
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int i = 0; i < events.size(); i++) {
                        ClerkEvent event = events.get(i);
                        KafkaRecord<String, EventRecordValue> record = records.get(i);
                        chain = chain.chain(() -> applier.apply(List.of(event)).invoke(this::count).replaceWithVoid()
                                .onFailure(DatabaseFailures::causedByRecords)
                                .recoverWithUni(bad -> deadLetter(record, "database rejected the event: "
                                        + bad.getMessage())));
                    }
                    return chain;
                });
    }

    private Uni<Void> deadLetter(KafkaRecord<String, EventRecordValue> record, String reason) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.getTopic(), record.getPartition(),
                DeadLetterPublisher.offset(record), reason);
        return deadLetters.send(record, valueOf(record).raw(), reason)
                .invoke(() -> counters.get(Outcome.DEAD_LETTERED).increment());
    }

    private static EventRecordValue valueOf(KafkaRecord<String, EventRecordValue> record) {
        return record.getPayload() == null ? EventRecordValue.NONE : record.getPayload();
    }

    /** Retries a transient failure for ever, with capped exponential back-off. */
    private Uni<Void> untilDone(Uni<Void> work, String what) {
        return work
                .onFailure(DatabaseFailures::isTransient).invoke(failure -> {
                    retries.increment();
                    LOG.warnf("%s a batch failed (%s); retrying with back-off", what, failure.toString());
                })
                .onFailure(DatabaseFailures::isTransient).retry()
                .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
                .atMost(Long.MAX_VALUE);
    }

    private void count(ApplyResult result) {
        result.counts().forEach((outcome, n) -> counters.get(outcome).increment(n));
    }
}
