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
 * <p>Usage: {@code SuiteInfrastructure <state dir> [--no-kafka] [--no-postgres]}
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
            KafkaBroker kafka = KafkaBroker.create(dataDir.resolve("kafka"));
            kafka.start();
            started.add(kafka);
            env.add("KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
        }
        Path envFile = stateDir.resolve("infra.env");
        Path partial = stateDir.resolve("infra.env.tmp");
        Files.write(partial, env);
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("infrastructure up: " + String.join(" ", env).replaceAll("DB_PASSWORD=\\S+", "DB_PASSWORD=***"));
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
