package com.fleetfusion.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;

import com.fleetfusion.testsupport.PostgresServer;
import com.fleetfusion.testsupport.QuarkusAppProcess;

/**
 * The faults of a run, one of each kind per cycle, each at a fixed offset of its cycle and logged with its times in the
 * {@link Timeline}: kill -9 of a tenant-store replica and its restart; kill -9 of a webhook-ingest replica and its
 * restart; a rolling restart of both ingest replicas; one Kafka broker stopped for 30 s (in odd cycles the controller
 * quorum's leader, whichever node it is then); Postgres restarted; Postgres
 * slow (a session holding an exclusive lock on {@code users} for 10 s); the emulator answering 429 and 503 to the
 * onboarding saga's calls.
 */
final class FaultSchedule {

    private final Pipeline pipeline;
    private final Timeline timeline;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

    FaultSchedule(Pipeline pipeline, Timeline timeline) {
        this.pipeline = pipeline;
        this.timeline = timeline;
    }

    /**
     * Schedules every kind of fault in each {@code cycle}-second cycle of a {@code duration}-second run (at least one
     * cycle), as offsets from now; the ones that need more than the rest of the cycle (the 30 s broker outage) start
     * early enough to end within the run.
     */
    void schedule(int duration, int cycle) {
        int cycles = Math.max(1, duration / cycle);
        for (int c = 0; c < cycles; c++) {
            int start = c * cycle;
            int replica = c % 2;
            int broker = c % 2 == 0 ? 2 + c % 4 / 2 : 0;
            at(start + 0.10 * cycle, "kill -9 tenant-store-" + (replica + 1) + ", restart",
                    () -> kill(pipeline.store.get(replica)));
            at(start + 0.20 * cycle, "kill -9 webhook-ingest-" + (replica + 1) + ", restart",
                    () -> kill(pipeline.ingest.get(replica)));
            at(start + 0.15 * cycle, broker == 0 ? "kafka controller (quorum leader) stopped 30 s"
                    : "kafka broker " + broker + " stopped 30 s", () -> brokerOutage(broker));
            at(start + 0.35 * cycle, "emulator 429/503 to onboarding", this::clerkFaults);
            at(start + 0.40 * cycle, "rolling restart of webhook-ingest", this::rollingRestart);
            at(start + 0.60 * cycle, "postgres restart", this::postgresRestart);
            at(start + 0.80 * cycle, "postgres slow (users locked 10 s)", this::postgresSlow);
        }
    }

    private void at(double second, String name, Runnable fault) {
        scheduled.add(executor.schedule(() -> {
            double from = timeline.now();
            String error = null;
            try {
                fault.run();
            } catch (RuntimeException e) {
                e.printStackTrace();
                error = e.toString();
            }
            timeline.fault(new Timeline.Fault(name, from, timeline.now(), error));
        }, (long) (second * 1000), TimeUnit.MILLISECONDS));
    }

    private void kill(QuarkusAppProcess service) {
        service.kill();
        service.start();
    }

    /** Node {@code nodeId} down for 30 s; 0: the node that is the controller quorum's leader at that moment. */
    private void brokerOutage(int nodeId) {
        int node = nodeId != 0 ? nodeId : quorumLeader();
        System.out.printf("[%7.1f s] stopping kafka node %d%n", timeline.now(), node);
        pipeline.kafka.broker(node).stop();
        sleep(30_000);
        pipeline.kafka.broker(node).start();
    }

    private int quorumLeader() {
        try (Admin admin = Admin.create(pipeline.kafka.adminSettings().clientProperties())) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        } catch (Exception e) {
            throw new IllegalStateException("cannot find the controller quorum's leader", e);
        }
    }

    private void rollingRestart() {
        for (QuarkusAppProcess replica : pipeline.ingest) {
            replica.stop();
            replica.start();
        }
    }

    private void postgresRestart() {
        pipeline.postgres.stop();
        pipeline.postgres.start();
    }

    private void postgresSlow() {
        try (Connection db = DriverManager.getConnection(pipeline.jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD); Statement statement = db.createStatement()) {
            db.setAutoCommit(false);
            statement.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
            statement.execute("SELECT pg_sleep(10)");
            db.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot hold the lock", e);
        }
    }

    /** The saga's Clerk calls fail for a while: 503s, then 429s with Retry-After, as Clerk answers under load. */
    private void clerkFaults() {
        var emulator = pipeline.clerk.client();
        emulator.fault("CreateOrganization", 503, 2, null);
        emulator.fault("CreateOrganizationMembership", 429, 2, 1L);
        emulator.fault("UpdateUserMetadata", 500, 1, null);
    }

    /**
     * Starts whatever a failed fault left down (its failure is in the timeline and fails the run), so that the stream
     * can still drain and the checks say what else went wrong.
     */
    void repair() {
        pipeline.kafka.brokers().forEach(broker -> broker.start());
        pipeline.postgres.start();
        pipeline.ingest.forEach(QuarkusAppProcess::start);
        pipeline.store.forEach(QuarkusAppProcess::start);
        pipeline.onboarding.start();
    }

    /** Waits for every fault to have ended. */
    void awaitAll() {
        for (ScheduledFuture<?> future : scheduled) {
            try {
                future.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        executor.shutdown();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
