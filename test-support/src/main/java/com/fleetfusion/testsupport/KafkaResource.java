package com.fleetfusion.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Offers a real Kafka broker to a {@code @QuarkusTest}: the one named by {@code KAFKA_BOOTSTRAP_SERVERS} when set,
 * otherwise the JVM's shared {@link KafkaBroker}, started once for all the module's tests; and the record-signing keys
 * of the tests ({@link TestEventKeys}).
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(), "events.signing-keys", TestEventKeys.SIGNING_KEYS);
    }

    @Override
    public void stop() {
        // shared across the module's tests and test profiles; stopped when the JVM exits
    }

    public static String bootstrapServers() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return external != null && !external.isBlank() ? external : KafkaBroker.shared().bootstrapServers();
    }
}
