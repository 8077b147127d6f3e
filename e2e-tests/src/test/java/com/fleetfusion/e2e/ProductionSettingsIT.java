package com.fleetfusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fleetfusion.testsupport.FreePorts;
import com.fleetfusion.testsupport.QuarkusAppProcess;
import com.fleetfusion.testsupport.TestEventKeys;

/**
 * Each packaged service, started as production starts it, refuses missing or unsafe settings: it exits non-zero and
 * logs one line per setting, all of them at once, none repeating a secret. No Kafka or database is needed: the
 * check runs before the first connection.
 */
class ProductionSettingsIT {

    /** Settings a developer may have exported in the shell that runs the build: each test says what it sets. */
    private static final List<String> INHERITED = List.of("CLERK_ISSUER", "CLERK_JWT_KEY", "CLERK_JWKS_URL",
            "CLERK_AUTHORIZED_PARTIES", "CLERK_API_URL", "CLERK_SECRET_KEY", "CLERK_WEBHOOK_SECRETS", "DB_PASSWORD",
            "QUARKUS_PROFILE");

    private static final String EMULATOR_KEY = "sk_test_fleetfusion_emulator";
    private static final String COMPOSE_WEBHOOK_SECRET = "whsec_ZmxlZXRmdXNpb24tbG9jYWwtZGV2LW9ubHk=";

    private static final String UNSET_ISSUER = "Unsafe production setting: CLERK_ISSUER is unset";
    private static final String UNSET_PARTIES = "Unsafe production setting: CLERK_AUTHORIZED_PARTIES is unset";
    private static final String ANY_PARTY = "Unsafe production setting: CLERK_AUTHORIZED_PARTIES contains *";
    private static final String HTTP_ISSUER =
            "Unsafe production setting: CLERK_ISSUER is plain http:// to clerk.fleetfusion.example";
    private static final String HTTP_JWKS = "Unsafe production setting: CLERK_JWKS_URL is plain http:// to 10.0.0.7";

    @Test
    void gatewayRefusesAMissingIssuerAndAuthorizedParties() throws Exception {
        String log = refusedStart("auth-gateway", Map.of());
        assertThat(log).contains(UNSET_ISSUER, UNSET_PARTIES, "auth-gateway refuses to start in production: 2 ");
    }

    @Test
    void gatewayRefusesAnyPartyAndPlainHttpToClerk() throws Exception {
        String log = refusedStart("auth-gateway", Map.of(
                "CLERK_ISSUER", "http://clerk.fleetfusion.example",
                "CLERK_JWKS_URL", "http://10.0.0.7/.well-known/jwks.json",
                "CLERK_AUTHORIZED_PARTIES", "*"));
        assertThat(log).contains(HTTP_ISSUER, HTTP_JWKS, ANY_PARTY);
    }

    @Test
    void theLocalProfileOnlyWarns() throws Exception {
        Path log = logFile("auth-gateway-local");
        Process process = start("auth-gateway", Map.of("QUARKUS_PROFILE", "prod,local"), log);
        try {
            await("the local profile's warning in " + log).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.readString(log).contains("allowed in the local profile only: CLERK_ISSUER is unset"));
            assertThat(process.isAlive()).as("auth-gateway keeps running; see " + log).isTrue();
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void tenantStoreRefusesMissingSettings() throws Exception {
        assertRefusesMissingClerkAndDatabaseSettings("tenant-store");
    }

    @Test
    void tenantStoreRefusesPublicSecretsAndPlainHttp() throws Exception {
        assertRefusesPublicSecrets("tenant-store");
    }

    @Test
    void onboardingRefusesMissingSettings() throws Exception {
        assertRefusesMissingClerkAndDatabaseSettings("onboarding-service");
    }

    @Test
    void onboardingRefusesPublicSecretsAndPlainHttp() throws Exception {
        assertRefusesPublicSecrets("onboarding-service");
    }

    @Test
    void webhookIngestRefusesTheSampleSigningSecret() throws Exception {
        String log = refusedStart("webhook-ingest", Map.of("CLERK_WEBHOOK_SECRETS",
                "whsec_b3duLXNlY3JldC1vZi10aGUtZW5kcG9pbnQ=," + COMPOSE_WEBHOOK_SECRET));
        assertThat(log).contains("Unsafe production setting: CLERK_WEBHOOK_SECRETS contains a sample secret")
                .doesNotContain(COMPOSE_WEBHOOK_SECRET);
    }

    @Test
    void webhookIngestRefusesAMissingSigningSecret() throws Exception {
        assertThat(refusedStart("webhook-ingest", Map.of())).contains("CLERK_WEBHOOK_SECRETS");
    }

    private static void assertRefusesMissingClerkAndDatabaseSettings(String module) throws Exception {
        String log = refusedStart(module, Map.of());
        assertThat(log).contains(UNSET_ISSUER, UNSET_PARTIES,
                "Unsafe production setting: CLERK_SECRET_KEY is unset",
                "Unsafe production setting: DB_PASSWORD is unset",
                module + " refuses to start in production: 4 ");
    }

    private static void assertRefusesPublicSecrets(String module) throws Exception {
        String log = refusedStart(module, Map.of(
                "CLERK_ISSUER", "http://clerk.fleetfusion.example",
                "CLERK_AUTHORIZED_PARTIES", "https://app.fleetfusion.example,*",
                "CLERK_API_URL", "http://api.clerk.com",
                "CLERK_SECRET_KEY", EMULATOR_KEY,
                "DB_PASSWORD", "postgres"));
        assertThat(log).contains(HTTP_ISSUER, ANY_PARTY,
                "Unsafe production setting: CLERK_API_URL is plain http:// to api.clerk.com",
                "Unsafe production setting: CLERK_SECRET_KEY is the clerk-emulator's public key",
                "Unsafe production setting: DB_PASSWORD is the well-known password",
                module + " refuses to start in production: 5 ")
                .doesNotContain(EMULATOR_KEY);
    }

    /** Starts the module's packaged jar with {@code env}, asserts it exits non-zero, returns its output. */
    private static String refusedStart(String module, Map<String, String> env) throws Exception {
        Path log = logFile(module);
        Process process = start(module, env, log);
        try {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(module + " exits; see " + log).isTrue();
            assertThat(process.exitValue()).as(module + " exit status; see " + log).isNotZero();
        } finally {
            process.destroyForcibly();
        }
        return Files.readString(log);
    }

    private static Path logFile(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "production-settings")).resolve(name + "-" + System.nanoTime()
                + ".log");
    }

    private static Process start(String module, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
                "-XX:TieredStopAtLevel=1", "-jar", QuarkusAppProcess.packagedJar(module).toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        INHERITED.forEach(builder.environment()::remove);
        // the record-signing keys are a setting Quarkus's own configuration requires (clerk-events): given here so that
        // what is asserted is the production check's answer, not that earlier configuration failure
        builder.environment().put("EVENTS_SIGNING_KEYS", TestEventKeys.SIGNING_KEYS);
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(FreePorts.next()));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // nothing to reach: the refusal must come before any connection
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + FreePorts.next());
        builder.environment().put("DB_URL", "postgresql://127.0.0.1:" + FreePorts.next() + "/none");
        return builder.start();
    }
}
