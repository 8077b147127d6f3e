package com.fleetfusion.e2e;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;

import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;
import com.fleetfusion.testsupport.FreePorts;
import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.PostgresServer;
import com.fleetfusion.testsupport.QuarkusAppProcess;

/**
 * The whole suite as separate processes, as it runs in production: a real Kafka broker, a real PostgreSQL,
 * clerk-emulator delivering its webhooks to webhook-ingest, and the four packaged services configured to find one
 * another over HTTP on free loopback ports. Started once per test JVM and stopped when it exits.
 */
final class SuiteUnderTest {

    private static SuiteUnderTest shared;

    final KafkaBroker kafka;
    final PostgresServer postgres;
    final ClerkEmulatorProcess clerk;
    final QuarkusAppProcess ingest;
    final QuarkusAppProcess store;
    final QuarkusAppProcess onboarding;
    final QuarkusAppProcess gateway;
    final String webhookSecret;
    final String secretKey;
    /** Receives the services' traces: tracing is switched on for every service, as an operator would. */
    final OtlpCollector traces = new OtlpCollector();
    /** The SPA's origin (served by BrowserIT): allowed by the gateway's CORS and as the tokens' azp. */
    final int spaPort = FreePorts.next();
    final String spaOrigin = "http://localhost:" + spaPort;

    private SuiteUnderTest() {
        kafka = KafkaBroker.shared();
        postgres = PostgresServer.shared();
        secretKey = "sk_test_" + random(24);
        webhookSecret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(24));

        // every service connects over SASL_SSL as its own principal, allowed only what its ACLs say
        Map<String, String> ingestEnv = new HashMap<>(kafka.clientSettings(KafkaBroker.WEBHOOK_INGEST).environment());
        ingestEnv.put("CLERK_WEBHOOK_SECRETS", webhookSecret);
        ingest = observed("webhook-ingest", ingestEnv);
        clerk = ClerkEmulatorProcess.create(secretKey, Map.of(
                "EMULATOR_AUTHORIZED_PARTIES", spaOrigin,
                "EMULATOR_WEBHOOK_URLS", ingest.baseUrl() + "/webhooks/clerk",
                "EMULATOR_WEBHOOK_SECRET", webhookSecret,
                "QUARKUS_HTTP_CORS_ENABLED", "true",
                "QUARKUS_HTTP_CORS_ORIGINS", spaOrigin));
        Map<String, String> clerkSide = Map.of(
                "CLERK_ISSUER", clerk.issuer(),
                "CLERK_API_URL", clerk.baseUrl(),
                "CLERK_SECRET_KEY", secretKey,
                "CLERK_AUTHORIZED_PARTIES", spaOrigin,
                "DB_URL", postgres.url(),
                "DB_PASSWORD", PostgresServer.SERVICE_PASSWORD);
        // each service with its own database role and its own Kafka user, as in production
        store = observed("tenant-store", withKafka(with(clerkSide, "DB_USER", PostgresServer.TENANT_STORE_USER),
                KafkaBroker.TENANT_STORE));
        onboarding = observed("onboarding-service", withKafka(with(clerkSide, "DB_USER",
                PostgresServer.ONBOARDING_USER), KafkaBroker.ONBOARDING_SERVICE));
        gateway = observed("auth-gateway", Map.of(
                "CLERK_ISSUER", clerk.issuer(),
                "CLERK_AUTHORIZED_PARTIES", spaOrigin,
                "CORS_ORIGINS", spaOrigin,
                "TENANT_STORE_URL", store.baseUrl(),
                "ONBOARDING_URL", onboarding.baseUrl()));
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return more;
    }

    private Map<String, String> withKafka(Map<String, String> env, String principal) {
        Map<String, String> environment = new HashMap<>(env);
        environment.putAll(kafka.clientSettings(principal).environment());
        return environment;
    }

    /** A packaged service with production logging (JSON, the default) and tracing exported to {@link #traces}. */
    private QuarkusAppProcess observed(String module, Map<String, String> env) {
        Map<String, String> environment = new HashMap<>(env);
        environment.put("OTEL_SDK_DISABLED", "false");
        environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpointFor(module));
        environment.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        return QuarkusAppProcess.of(module, environment);
    }

    static synchronized SuiteUnderTest shared() {
        if (shared == null) {
            SuiteUnderTest suite = new SuiteUnderTest();
            Runtime.getRuntime().addShutdownHook(new Thread(suite::stop, "suite-stop"));
            suite.start();
            shared = suite;
        }
        return shared;
    }

    ClerkEmulatorClient emulator() {
        return clerk.client();
    }

    private void start() {
        clerk.start();
        for (QuarkusAppProcess service : services()) {
            service.start();
        }
    }

    private void stop() {
        List<QuarkusAppProcess> services = services();
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
        clerk.stop();
        traces.close();
    }

    /** True when every webhook the emulator has produced was answered 2xx by webhook-ingest. */
    boolean allDeliveriesAcknowledged() {
        Map<String, Boolean> acknowledged = new HashMap<>();
        for (JsonNode attempt : emulator().deliveries()) {
            acknowledged.merge(attempt.path("svix_id").asText(), attempt.path("succeeded").asBoolean(), Boolean::logicalOr);
        }
        return !acknowledged.isEmpty() && !acknowledged.containsValue(false);
    }

    /** Records of clerk.events that the tenant-store consumer group has not committed yet. */
    long tenantStoreLag() {
        try (Admin admin = Admin.create(kafka.adminSettings().clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("tenant-store")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of("clerk.events")).allTopicNames().get(10, TimeUnit.SECONDS).get("clerk.events")
                    .partitions().forEach(p -> latest.put(new TopicPartition("clerk.events", p.partition()), OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the consumer lag of tenant-store", e);
        }
    }

    List<QuarkusAppProcess> services() {
        return List.of(ingest, store, onboarding, gateway);
    }

    private static String random(int bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : randomBytes(bytes)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
