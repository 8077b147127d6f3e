package com.fleetfusion.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded infrastructure of {@code ./suite up}: a real Kafka broker and a real PostgreSQL on free loopback
 * ports, the same ones the tests use. Writes what it started to {@code <state dir>/infra.env} and runs until it
 * is terminated, then stops both.
 *
 * <p>The broker is secured (SASL_SSL, SCRAM users, ACLs) unless {@code --plaintext-kafka}: infra.env then also
 * names its security settings, the CA certificate, and each principal's password as
 * {@code KAFKA_PASSWORD_<PRINCIPAL>} (upper case, {@code -} as {@code _}); {@code <state dir>/kafka-admin.properties}
 * is the admin's client configuration for Kafka's command-line tools.
 *
 * <p>Usage: {@code SuiteInfrastructure <state dir> [--no-kafka] [--plaintext-kafka] [--no-postgres]}
 */
public final class SuiteInfrastructure {

    private SuiteInfrastructure() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path stateDir = Path.of(args.length > 0 ? args[0] : ".suite");
        List<String> options = List.of(args);
        Path dataDir = stateDir.resolve("data");
        List<String> env = new ArrayList<>();
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(SuiteInfrastructure::closeQuietly)));

        if (!options.contains("--no-postgres")) {
            PostgresServer postgres = PostgresServer.create(dataDir.resolve("postgres"));
            postgres.start();
            started.add(postgres);
            env.add("DB_URL=" + postgres.url());
            // the superuser, for operators' tools and the benchmarks' fixtures
            env.add("DB_USER=" + PostgresServer.USER);
            env.add("DB_PASSWORD=" + PostgresServer.PASSWORD);
            // each service logs in with its own role (deploy/postgres/roles.sql)
            env.add("TENANT_STORE_DB_USER=" + PostgresServer.TENANT_STORE_USER);
            env.add("ONBOARDING_DB_USER=" + PostgresServer.ONBOARDING_USER);
            env.add("SERVICE_DB_PASSWORD=" + PostgresServer.SERVICE_PASSWORD);
        }
        if (!options.contains("--no-kafka")) {
            KafkaBroker kafka = options.contains("--plaintext-kafka")
                    ? KafkaBroker.create(dataDir.resolve("kafka"))
                    : KafkaBroker.createSecured(dataDir.resolve("kafka"));
            kafka.start();
            started.add(kafka);
            KafkaClientSettings admin = kafka.adminSettings();
            env.add("KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
            env.add("KAFKA_SECURITY_PROTOCOL=" + admin.securityProtocol());
            if (kafka.secured()) {
                env.add("KAFKA_SASL_MECHANISM=" + admin.saslMechanism());
                env.add("KAFKA_TRUSTSTORE_PEM=" + kafka.truststorePem().toAbsolutePath());
                for (String principal : KafkaBroker.PRINCIPALS) {
                    env.add("KAFKA_PASSWORD_" + principal.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "="
                            + kafka.clientSettings(principal).password());
                }
            }
            env.add("KAFKA_CLIENT_CONFIG=" + admin.writeClientConfig(stateDir.resolve("kafka-admin.properties"))
                    .toAbsolutePath());
        }
        Path envFile = stateDir.resolve("infra.env");
        Path partial = stateDir.resolve("infra.env.tmp");
        Files.write(partial, env);
        Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("infrastructure up: " + String.join(" ", env).replaceAll("(PASSWORD\\w*)=\\S+", "$1=***"));
        new CountDownLatch(1).await();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("stopping " + closeable + ": " + e);
        }
    }
}
