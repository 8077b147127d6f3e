package com.fleetfusion.testsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Offers a real Kafka broker to a {@code @QuarkusTest}: the one named by {@code KAFKA_BOOTSTRAP_SERVERS} (and the
 * other {@code KAFKA_*} security settings) when set, otherwise the JVM's shared, secured {@link KafkaBroker}, started
 * once for all the module's tests. The application connects over SASL_SSL as its own service's principal, so its
 * tests also prove that the ACLs give the service what it needs: the principal is the init argument
 * {@code principal}, or else the name of the module the tests run in (Maven runs them in its directory), or else
 * the admin.
 * The record-signing keys of the tests ({@link TestEventKeys}) come with it.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private String principal;

    @Override
    public void init(Map<String, String> initArgs) {
        principal = initArgs.get("principal");
        if (principal == null) {
            Path module = Path.of(System.getProperty("user.dir")).getFileName();
            String name = module == null ? "" : module.toString();
            principal = KafkaBroker.PRINCIPALS.contains(name) ? name : KafkaBroker.ADMIN;
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(settings(principal == null ? KafkaBroker.ADMIN : principal)
                .quarkusConfig());
        config.put("events.signing-keys", TestEventKeys.SIGNING_KEYS);
        return config;
    }

    @Override
    public void stop() {
        // shared across the module's tests and test profiles; stopped when the JVM exits
    }

    public static String bootstrapServers() {
        return adminSettings().bootstrapServers();
    }

    /** How the tests' own tools (writers, readers, admin clients) reach the test broker: as its super user. */
    public static KafkaClientSettings adminSettings() {
        return settings(KafkaBroker.ADMIN);
    }

    /** How {@code principal} reaches the test broker; an external broker's settings are the same for everyone. */
    public static KafkaClientSettings settings(String principal) {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return external != null && !external.isBlank()
                ? KafkaClientSettings.fromEnvironment()
                : KafkaBroker.shared().clientSettings(principal);
    }
}
