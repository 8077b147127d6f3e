package com.fleetfusion.store.service;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fleetfusion.store.config.TenantStoreConfig;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Forgets svix-ids older than the retention; the retention must cover the whole Svix retry horizon. */
@ApplicationScoped
public class ProcessedEventsPurge {

    private static final Logger LOG = Logger.getLogger(ProcessedEventsPurge.class);

    private final Pool pool;
    private final TenantStoreConfig config;

    public ProcessedEventsPurge(Pool pool, TenantStoreConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Refuses to start with a retention that would let a late Svix retry be applied twice. */
    void checkRetention(@Observes StartupEvent event) {
        Duration retention = config.processedEvents().retention();
        if (retention.compareTo(TenantStoreConfig.MINIMUM_PROCESSED_EVENTS_RETENTION) < 0) {
            throw new IllegalStateException("tenant-store.processed-events.retention is " + retention
                    + "; it must be at least " + TenantStoreConfig.MINIMUM_PROCESSED_EVENTS_RETENTION
                    + " (the Svix retry horizon)");
        }
    }

    @Scheduled(every = "${tenant-store.processed-events.purge-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPurge() {
        return purge().onFailure().recoverWithItem(failure -> {
            LOG.warnf("purging processed_events failed (%s); next run retries", failure.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Deletes the svix-ids processed before now minus the retention; returns how many. */
    public Uni<Integer> purge() {
        return pool.preparedQuery("DELETE FROM processed_events WHERE processed_at < now() - $1::bigint * interval '1 millisecond'")
                .execute(Tuple.of(config.processedEvents().retention().toMillis()))
                .map(rows -> rows.rowCount());
    }
}
