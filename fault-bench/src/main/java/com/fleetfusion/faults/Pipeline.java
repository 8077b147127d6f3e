package com.fleetfusion.faults;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaCluster;
import com.fleetfusion.testsupport.PostgresServer;
import com.fleetfusion.testsupport.QuarkusAppProcess;

/**
 * The pipeline scaled out as the manifests scale it, every part its own process on loopback: 3 Kafka brokers, one
 * PostgreSQL, the clerk-emulator, 2 webhook-ingest replicas, 2 tenant-store replicas (consumer group
 * {@code tenant-store}) and 1 onboarding-service, each service with its own Kafka principal and database role.
 */
final class Pipeline implements AutoCloseable {

    /** Where the tokens say the SPA is (their azp) and where the services allow it. */
    static final String SPA_ORIGIN = "http://localhost:5173";

    final KafkaCluster kafka;
    final PostgresServer postgres;
    final ClerkEmulatorProcess clerk;
    final List<QuarkusAppProcess> ingest = new ArrayList<>();
    final List<QuarkusAppProcess> store = new ArrayList<>();
    final QuarkusAppProcess onboarding;
    final String webhookSecret;

    Pipeline(Path workDir) {
        kafka = KafkaCluster.createSecured(workDir.resolve("kafka"), 3, 6);
        postgres = PostgresServer.create(workDir.resolve("postgres"));
        String secretKey = "sk_test_" + HexFormat.of().formatHex(random(24));
        webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(random(24));
        clerk = ClerkEmulatorProcess.create(secretKey, Map.of("EMULATOR_AUTHORIZED_PARTIES", SPA_ORIGIN));
        for (int i = 0; i < 2; i++) {
            Map<String, String> env = new HashMap<>(kafka.clientSettings(KafkaBroker.WEBHOOK_INGEST).environment());
            env.put("CLERK_WEBHOOK_SECRETS", webhookSecret);
            ingest.add(QuarkusAppProcess.of("webhook-ingest", env));
        }
        Map<String, String> clerkSide = Map.of(
                "CLERK_ISSUER", clerk.issuer(),
                "CLERK_API_URL", clerk.baseUrl(),
                "CLERK_SECRET_KEY", secretKey,
                "CLERK_AUTHORIZED_PARTIES", SPA_ORIGIN,
                "DB_URL", postgres.url(),
                "DB_PASSWORD", PostgresServer.SERVICE_PASSWORD);
        for (int i = 0; i < 2; i++) {
            Map<String, String> env = new HashMap<>(clerkSide);
            env.put("DB_USER", PostgresServer.TENANT_STORE_USER);
            env.putAll(kafka.clientSettings(KafkaBroker.TENANT_STORE).environment());
            store.add(QuarkusAppProcess.of("tenant-store", env));
        }
        Map<String, String> env = new HashMap<>(clerkSide);
        env.put("DB_USER", PostgresServer.ONBOARDING_USER);
        env.putAll(kafka.clientSettings(KafkaBroker.ONBOARDING_SERVICE).environment());
        onboarding = QuarkusAppProcess.of("onboarding-service", env);
    }

    /** Starts the infrastructure, then the services side by side (each start waits for its readiness). */
    void start() {
        CompletableFuture<Void> infrastructure = CompletableFuture.allOf(
                CompletableFuture.runAsync(kafka::start),
                CompletableFuture.runAsync(postgres::start),
                CompletableFuture.runAsync(clerk::start));
        infrastructure.join();
        // tenant-store first: its Flyway migrations create the tables; two replicas migrating at once wait on Flyway's lock
        store.get(0).start();
        List<QuarkusAppProcess> rest = new ArrayList<>(ingest);
        rest.add(store.get(1));
        rest.add(onboarding);
        CompletableFuture.allOf(rest.stream().map(p -> CompletableFuture.runAsync(p::start))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** Every process by a short name, with its current pid (-1 while it is down), for RSS and CPU readings. */
    Map<String, LongSupplier> processes() {
        Map<String, LongSupplier> pids = new LinkedHashMap<>();
        for (KafkaBroker broker : kafka.brokers()) {
            pids.put("kafka-" + (kafka.brokers().indexOf(broker) + 1), broker::pid);
        }
        pids.put("postgres", postgres::pid);
        for (int i = 0; i < ingest.size(); i++) {
            pids.put("ingest-" + (i + 1), ingest.get(i)::pid);
        }
        for (int i = 0; i < store.size(); i++) {
            pids.put("store-" + (i + 1), store.get(i)::pid);
        }
        pids.put("onboarding", onboarding::pid);
        return pids;
    }

    String jdbcUrl() {
        return "jdbc:" + postgres.url();
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(onboarding);
        all.addAll(store);
        all.addAll(ingest);
        all.add(clerk);
        all.add(kafka);
        all.add(postgres);
        for (AutoCloseable part : all) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("stopping " + part + ": " + e);
            }
        }
    }

    private static byte[] random(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
