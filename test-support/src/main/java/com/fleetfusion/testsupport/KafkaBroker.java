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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import static org.awaitility.Awaitility.await;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running as a child process on loopback,
 * started from the jars of Maven Central listed in {@code kafka-broker.classpath}. It keeps its data directory
 * and ports across {@link #stop()} and {@link #start()}, so a test can take it away and bring it back.
 *
 * <p>A {@linkplain #createSecured secured} broker is the suite's production shape: its only client listener is
 * SASL_SSL (a certificate of a CA generated at its first start, SCRAM-SHA-512 users created when its storage is
 * formatted), and the StandardAuthorizer allows each service's principal exactly what the design gives it
 * ({@link #ACLS}). {@link #ADMIN} is the super user the broker itself, the tests' tools and operators use.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String EVENTS_TOPIC = "clerk.events";
    public static final String DEAD_LETTER_TOPIC = "clerk.events.dlq";
    public static final String ADMIN = "admin";
    public static final String WEBHOOK_INGEST = "webhook-ingest";
    public static final String ONBOARDING_SERVICE = "onboarding-service";
    public static final String TENANT_STORE = "tenant-store";
    /** The SCRAM users of a secured broker: the admin and one per service (named as the service). */
    public static final List<String> PRINCIPALS = List.of(ADMIN, WEBHOOK_INGEST, ONBOARDING_SERVICE, TENANT_STORE);
    /** What each service's principal may do, and nothing else (WRITE and READ imply DESCRIBE). */
    public static final List<AclBinding> ACLS = List.of(
            allow(WEBHOOK_INGEST, ResourceType.TOPIC, EVENTS_TOPIC, AclOperation.WRITE),
            allow(WEBHOOK_INGEST, ResourceType.TOPIC, DEAD_LETTER_TOPIC, AclOperation.WRITE),
            allow(ONBOARDING_SERVICE, ResourceType.TOPIC, EVENTS_TOPIC, AclOperation.WRITE),
            allow(TENANT_STORE, ResourceType.TOPIC, EVENTS_TOPIC, AclOperation.READ),
            allow(TENANT_STORE, ResourceType.GROUP, TENANT_STORE, AclOperation.READ),
            allow(TENANT_STORE, ResourceType.TOPIC, DEAD_LETTER_TOPIC, AclOperation.WRITE));

    private static KafkaBroker shared;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final boolean secured;
    /** Where this broker stands in a {@link KafkaCluster}; a lone broker is node 1 of a quorum of itself. */
    private final ClusterNode node;
    private Map<String, String> passwords;
    private Process process;

    /**
     * A broker's place in its cluster: its node id, the static controller quorum, the directory of the files every
     * node shares (the CA and certificate, the SCRAM passwords), the cluster id its storage is formatted with, and the
     * replication of the internal topics.
     */
    record ClusterNode(int nodeId, String quorumVoters, Path secretsDir, String clusterId, int replication) {
    }

    private KafkaBroker(Path dataDir, int port, int controllerPort, boolean secured) {
        this(dataDir, port, controllerPort, secured,
                new ClusterNode(1, "1@127.0.0.1:" + controllerPort, dataDir, null, 1));
    }

    KafkaBroker(Path dataDir, int port, int controllerPort, boolean secured, ClusterNode node) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.secured = secured;
        this.node = node;
    }

    /** A new PLAINTEXT broker (no authentication, no ACLs) on free loopback ports, its data in {@code dataDir}. */
    public static KafkaBroker create(Path dataDir) {
        return new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next(), false);
    }

    /** A new SASL_SSL broker with the suite's SCRAM users and ACLs, its data and TLS files in {@code dataDir}. */
    public static KafkaBroker createSecured(Path dataDir) {
        return new KafkaBroker(dataDir, FreePorts.next(), FreePorts.next(), true);
    }

    /** The secured broker of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                shared = createSecured(Files.createTempDirectory("fleetfusion-kafka-"));
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

    public boolean secured() {
        return secured;
    }

    /** The CA certificate (PEM) that a secured broker's certificate chains to; created by its first start. */
    public Path truststorePem() {
        return node.secretsDir().resolve("tls/ca.pem");
    }

    /**
     * How {@code principal} (one of {@link #PRINCIPALS}) connects; for a PLAINTEXT broker, the same for everyone.
     * The passwords exist once the broker was started.
     */
    public synchronized KafkaClientSettings clientSettings(String principal) {
        if (!secured) {
            return KafkaClientSettings.plaintext(bootstrapServers());
        }
        String password = passwords().get(principal);
        if (!PRINCIPALS.contains(principal)) {
            throw new IllegalArgumentException("no Kafka user " + principal + "; the users are " + PRINCIPALS);
        }
        return new KafkaClientSettings(bootstrapServers(), "SASL_SSL", KafkaClientSettings.SCRAM_SHA_512,
                principal, password, truststorePem());
    }

    /** The super user's settings: for test tools that write, read and manage any topic or group. */
    public KafkaClientSettings adminSettings() {
        return clientSettings(ADMIN);
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
            if (secured) {
                createTlsFiles();
            }
            Path config = writeConfig();
            if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
                String clusterId = node.clusterId() == null ? randomClusterId() : node.clusterId();
                List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format",
                        "-t", clusterId, "-c", config.toString()));
                if (secured) {
                    PRINCIPALS.forEach(user -> format.addAll(List.of("--add-scram", KafkaClientSettings.SCRAM_SHA_512
                            + "=[name=" + user + ",password=" + passwords().get(user) + "]")));
                }
                run(format);
            }
            long logOffset = Files.exists(log()) ? Files.size(log()) : 0;
            Process launched = launch(List.of("kafka.Kafka", config.toString()), log());
            process = launched;
            await("Kafka broker at " + bootstrapServers())
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> startedSince(launched, logOffset));
            if (secured && node.replication() == 1) {
                createTopicsAndAcls();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
    }

    /** The operating system's id of the running broker process, -1 when stopped (for RSS and CPU readings). */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
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
        String listener = secured ? "SASL_SSL" : "PLAINTEXT";
        List<String> security = secured ? securedListenerConfig() : List.of();
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.nodeId(),
                "controller.quorum.voters=" + node.quorumVoters(),
                "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listener + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT," + listener + ":" + listener,
                String.join("\n", security),
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                "default.replication.factor=" + node.replication(),
                "min.insync.replicas=" + minInSync(),
                "offsets.topic.replication.factor=" + node.replication(),
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=" + node.replication(),
                "transaction.state.log.min.isr=" + minInSync(),
                "share.coordinator.state.topic.replication.factor=" + node.replication(),
                "share.coordinator.state.topic.min.isr=" + minInSync(),
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

    /** A majority of the replicas: 1 of 1, 2 of 3. */
    private int minInSync() {
        return node.replication() / 2 + 1;
    }

    /**
     * SASL_SSL for clients and between the broker and itself (as the admin), SCRAM-SHA-512 only, ACLs enforced.
     * The controller listener stays PLAINTEXT on loopback: KRaft controllers take no SCRAM (their users live in the
     * metadata they serve), so its anonymous principal, the broker talking to its own controller, is a super user.
     */
    private List<String> securedListenerConfig() {
        Path tls = node.secretsDir().resolve("tls");
        return List.of(
                "sasl.enabled.mechanisms=" + KafkaClientSettings.SCRAM_SHA_512,
                "sasl.mechanism.inter.broker.protocol=" + KafkaClientSettings.SCRAM_SHA_512,
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + ADMIN + "\" password=\"" + passwords().get(ADMIN) + "\";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + tls.resolve("broker.p12"),
                "ssl.keystore.password=" + storePassword(),
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + truststorePem(),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + ADMIN + ";User:ANONYMOUS",
                "allow.everyone.if.no.acl.found=false");
    }

    /**
     * A CA and a broker certificate for 127.0.0.1 and localhost signed by it, made with the JDK's keytool (so that
     * nothing but a JDK is needed): {@code tls/ca.pem} for clients, {@code tls/broker.p12} for the broker.
     */
    void createTlsFiles() throws IOException {
        Path tls = Files.createDirectories(node.secretsDir().resolve("tls"));
        if (Files.exists(tls.resolve("broker.p12"))) {
            return;
        }
        String ca = tls.resolve("ca.p12").toString();
        String broker = tls.resolve("broker.p12").toString();
        String pass = storePassword();
        keytool(tls, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=FleetFusion Kafka test CA", "-ext", "bc:c", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", ca, "-storepass", pass);
        keytool(tls, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", pass,
                "-file", truststorePem().toString());
        keytool(tls, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", broker, "-storepass", pass);
        keytool(tls, "-certreq", "-alias", "broker", "-keystore", broker, "-storepass", pass,
                "-file", tls.resolve("broker.csr").toString());
        keytool(tls, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", pass,
                "-infile", tls.resolve("broker.csr").toString(), "-outfile", tls.resolve("broker.pem").toString(),
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "3650");
        keytool(tls, "-importcert", "-noprompt", "-alias", "ca", "-file", truststorePem().toString(),
                "-keystore", broker, "-storepass", pass);
        keytool(tls, "-importcert", "-noprompt", "-alias", "broker", "-file", tls.resolve("broker.pem").toString(),
                "-keystore", broker, "-storepass", pass);
    }

    private void keytool(Path tls, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        Path log = tls.resolve("keytool.log");
        Process tool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IOException("keytool " + args[0] + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The two topics of the suite and the ACLs; both idempotent, so run at every start. */
    private void createTopicsAndAcls() {
        createTopicsAndAcls(adminSettings(), List.of(new NewTopic(EVENTS_TOPIC, 1, (short) 1),
                new NewTopic(DEAD_LETTER_TOPIC, 1, (short) 1)));
    }

    /** Creates {@code topics} unless they exist, and the {@link #ACLS}, as {@code admin}. */
    static void createTopicsAndAcls(KafkaClientSettings adminSettings, List<NewTopic> topics) {
        try (Admin admin = Admin.create(adminSettings.clientProperties())) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            admin.createAcls(ACLS).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create the topics and ACLs of the Kafka broker", e);
        }
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    /**
     * The SCRAM passwords, random hex, kept in {@code scram-users.properties} so that a broker object made again on
     * the same data directory knows the users its storage was formatted with.
     */
    synchronized Map<String, String> passwords() {
        if (passwords != null) {
            return passwords;
        }
        Path file = node.secretsDir().resolve("scram-users.properties");
        Properties stored = new Properties();
        try {
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    stored.load(in);
                }
            } else {
                for (String principal : PRINCIPALS) {
                    stored.setProperty(principal, randomHex(24));
                }
                stored.setProperty("keystore", randomHex(24));
                Files.createDirectories(node.secretsDir());
                try (var out = Files.newOutputStream(file)) {
                    stored.store(out, "SCRAM-SHA-512 users of this test broker, and its keystore password");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> users = new LinkedHashMap<>();
        stored.stringPropertyNames().forEach(name -> users.put(name, stored.getProperty(name)));
        passwords = Map.copyOf(users);
        return passwords;
    }

    private String storePassword() {
        return passwords().get("keystore");
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new java.security.SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
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
    static String randomClusterId() {
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
