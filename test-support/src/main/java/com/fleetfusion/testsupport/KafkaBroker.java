package com.fleetfusion.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running as a child process on loopback,
 * started from the jars of Maven Central listed in {@code kafka-broker.classpath}. It keeps its data directory
 * and ports across {@link #stop()} and {@link #start()}, so a test can take it away and bring it back.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A new broker on free loopback ports, its data in {@code dataDir}; not started. */
    public static KafkaBroker create(Path dataDir) {
        return new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next());
    }

    /** The broker of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                shared = create(Files.createTempDirectory("fleetfusion-kafka-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-broker-stop"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker (formatting its storage the first time) and returns once it answers. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            Path config = writeConfig();
            if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
                run(List.of("kafka.tools.StorageTool", "format", "-t", randomClusterId(), "-c", config.toString()));
            }
            long logOffset = Files.exists(log()) ? Files.size(log()) : 0;
            Process launched = launch(List.of("kafka.Kafka", config.toString()), log());
            process = launched;
            await("Kafka broker at " + bootstrapServers())
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> startedSince(launched, logOffset));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
    }

    /** Stops the broker process (a clean shutdown, forced after 30 s). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * True once this run of the broker logged that it started (the log is appended to across restarts). Called from
     * Awaitility's thread while {@link #start()} holds the monitor, so it must not synchronise.
     */
    private boolean startedSince(Process launched, long logOffset) {
        if (!launched.isAlive()) {
            throw new IllegalStateException("Kafka broker exited; see " + log());
        }
        try (var channel = Files.newByteChannel(log())) {
            channel.position(logOffset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, channel.size() - logOffset));
            channel.read(buffer);
            return new String(buffer.array(), StandardCharsets.UTF_8).contains("Kafka Server started");
        } catch (IOException e) {
            return false;
        }
    }

    private Path log() {
        return dataDir.resolve("broker.log");
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                ""));
        Files.writeString(dataDir.resolve("log4j2.properties"), String.join("\n",
                "appender.console.type=Console",
                "appender.console.name=STDOUT",
                "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=[%d] %p %m (%c)%n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.stdout.ref=STDOUT",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                ""));
        return config;
    }

    private void run(List<String> mainAndArgs) throws IOException {
        Process tool = launch(mainAndArgs, dataDir.resolve("tool.log"));
        try {
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IOException(mainAndArgs.get(0) + " failed; see " + dataDir.resolve("tool.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private Process launch(List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
                "-cp", brokerClassPath()));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** The class path of the broker and of Kafka's tools, as resolved by Maven for the kafka-broker module. */
    public static String brokerClassPath() {
        try (InputStream in = KafkaBroker.class.getClassLoader().getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath is missing: build the kafka-broker module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** As Kafka's own Uuid.randomUuid(): never one starting with '-', which the tool would take for an option. */
    private static String randomClusterId() {
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        } while (id.startsWith("-"));
        return id;
    }
}
