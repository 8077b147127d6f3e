package com.fleetfusion.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * A cluster of real Kafka brokers as {@link KafkaBroker}s, each its own child process, so that a test can stop or
 * kill one while the others serve: KRaft with every node a combined broker and controller (a static quorum of all of
 * them), secured like the lone broker (SASL_SSL, the suite's SCRAM users and {@link KafkaBroker#ACLS}), the TLS
 * files and passwords shared by all nodes. {@code clerk.events} and its DLQ have {@code partitions} partitions
 * replicated on every node with {@code min.insync.replicas} a majority (2 of 3), as production runs them.
 */
public final class KafkaCluster implements AutoCloseable {

    private final Path dataDir;
    private final int partitions;
    private final List<KafkaBroker> brokers;

    private KafkaCluster(Path dataDir, int partitions, List<KafkaBroker> brokers) {
        this.dataDir = dataDir;
        this.partitions = partitions;
        this.brokers = brokers;
    }

    /** A secured cluster of {@code size} nodes on free loopback ports, its data in {@code dataDir}; not started. */
    public static KafkaCluster createSecured(Path dataDir, int size, int partitions) {
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(FreePorts.next());
            controllerPorts.add(FreePorts.next());
        }
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i)).collect(Collectors.joining(","));
        String clusterId = KafkaBroker.randomClusterId();
        List<KafkaBroker> brokers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            brokers.add(new KafkaBroker(dataDir.resolve("node-" + (i + 1)), ports.get(i), controllerPorts.get(i), true,
                    new KafkaBroker.ClusterNode(i + 1, voters, dataDir, clusterId, size)));
        }
        return new KafkaCluster(dataDir, partitions, List.copyOf(brokers));
    }

    /** The nodes, node id i + 1 at index i. */
    public List<KafkaBroker> brokers() {
        return brokers;
    }

    public KafkaBroker broker(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Every node's address: a client reaches the cluster through whichever of them answers. */
    public String bootstrapServers() {
        return brokers.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /** How {@code principal} (one of {@link KafkaBroker#PRINCIPALS}) connects to the whole cluster. */
    public KafkaClientSettings clientSettings(String principal) {
        KafkaClientSettings one = brokers.get(0).clientSettings(principal);
        return new KafkaClientSettings(bootstrapServers(), one.securityProtocol(), one.saslMechanism(), one.username(),
                one.password(), one.truststorePem());
    }

    public KafkaClientSettings adminSettings() {
        return clientSettings(KafkaBroker.ADMIN);
    }

    /**
     * Starts every node at once (a node reports started only once a majority of the controller quorum answers), then
     * creates the topics and ACLs.
     */
    public void start() {
        try {
            // the CA, the certificate and the passwords every node uses, made once before the nodes race for them
            brokers.get(0).passwords();
            brokers.get(0).createTlsFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture.allOf(brokers.stream().map(b -> CompletableFuture.runAsync(b::start))
                .toArray(CompletableFuture[]::new)).join();
        short replication = (short) brokers.size();
        Map<String, String> configs = Map.of("min.insync.replicas", Integer.toString(brokers.size() / 2 + 1));
        KafkaBroker.createTopicsAndAcls(adminSettings(), List.of(
                new NewTopic(KafkaBroker.EVENTS_TOPIC, partitions, replication).configs(configs),
                new NewTopic(KafkaBroker.DEAD_LETTER_TOPIC, partitions, replication).configs(configs)));
    }

    /** Stops every node (a clean shutdown each, in parallel: the last ones need one another's quorum to stop). */
    public void stop() {
        CompletableFuture.allOf(brokers.stream().map(b -> CompletableFuture.runAsync(b::stop))
                .toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void close() {
        stop();
    }
}
