package com.fleetfusion.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How one Kafka principal reaches a broker: the values of the suite's public settings {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code KAFKA_SECURITY_PROTOCOL} ({@code PLAINTEXT}, {@code SSL}, {@code SASL_SSL}), {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_USERNAME}, {@code KAFKA_SASL_PASSWORD} and {@code KAFKA_TRUSTSTORE_PEM}, in the forms a child
 * process, a Kafka client, a Quarkus application and Kafka's command-line tools take them.
 *
 * @param truststorePem the CA certificate (PEM) the broker's certificate chains to; null: the JVM's default CAs
 */
public record KafkaClientSettings(String bootstrapServers, String securityProtocol, String saslMechanism,
        String username, String password, Path truststorePem) {

    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

    /** No authentication, no TLS. */
    public static KafkaClientSettings plaintext(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, "PLAINTEXT", null, null, null, null);
    }

    /** The settings named by this process's environment (an external broker), with PLAINTEXT as the default. */
    public static KafkaClientSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        String truststore = blankToNull(env.get("KAFKA_TRUSTSTORE_PEM"));
        return new KafkaClientSettings(env.get("KAFKA_BOOTSTRAP_SERVERS"),
                env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
                env.getOrDefault("KAFKA_SASL_MECHANISM", SCRAM_SHA_512),
                blankToNull(env.get("KAFKA_SASL_USERNAME")), blankToNull(env.get("KAFKA_SASL_PASSWORD")),
                truststore == null ? null : Path.of(truststore));
    }

    public boolean usesSasl() {
        return securityProtocol.startsWith("SASL_");
    }

    public boolean usesTls() {
        return securityProtocol.endsWith("SSL");
    }

    /** The environment variables of a suite service (or a script) connecting as this principal. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KAFKA_SECURITY_PROTOCOL", securityProtocol);
        if (usesSasl()) {
            env.put("KAFKA_SASL_MECHANISM", saslMechanism);
            env.put("KAFKA_SASL_USERNAME", username);
            env.put("KAFKA_SASL_PASSWORD", password);
        }
        if (usesTls() && truststorePem != null) {
            env.put("KAFKA_TRUSTSTORE_PEM", truststorePem.toString());
        }
        return env;
    }

    /** Kafka client configuration (producer, consumer, admin): bootstrap servers and the security settings. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("security.protocol", securityProtocol);
        if (usesSasl()) {
            properties.put("sasl.mechanism", saslMechanism);
            // SCRAM is the only mechanism the suite uses; its login module takes the credentials as quoted options
            properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"" + username + "\" password=\"" + password + "\";");
        }
        if (usesTls() && truststorePem != null) {
            properties.put("ssl.truststore.type", "PEM");
            properties.put("ssl.truststore.location", truststorePem.toString());
        }
        return properties;
    }

    /** The same as Quarkus configuration: {@code kafka.*}, read by every channel, producer and health check. */
    public Map<String, String> quarkusConfig() {
        return clientProperties().entrySet().stream()
                .collect(Collectors.toMap(e -> "kafka." + e.getKey(), e -> String.valueOf(e.getValue()),
                        (a, b) -> b, LinkedHashMap::new));
    }

    /**
     * Writes {@link #clientProperties()} (without the bootstrap servers) as a properties file, readable by its owner
     * only: the {@code --command-config}, {@code --consumer.config} or {@code --producer.config} of Kafka's tools.
     */
    public Path writeClientConfig(Path file) {
        StringBuilder text = new StringBuilder();
        clientProperties().forEach((name, value) -> {
            if (!name.equals("bootstrap.servers")) {
                text.append(name).append('=').append(String.valueOf(value).replace("\\", "\\\\")).append('\n');
            }
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "KafkaClientSettings[" + bootstrapServers + ", " + securityProtocol
                + (usesSasl() ? ", " + saslMechanism + " as " + username : "") + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
