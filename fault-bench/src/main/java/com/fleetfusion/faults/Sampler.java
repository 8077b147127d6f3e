package com.fleetfusion.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.KafkaClientSettings;

/**
 * Once a second: the tenant-store group's lag and committed offsets on {@code clerk.events} (Kafka's admin API) and
 * the resident memory and CPU share of every process ({@code /proc/<pid>/status} and {@code /proc/<pid>/stat}).
 */
final class Sampler implements AutoCloseable {

    /** USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 10 ms. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Admin admin;
    private final Map<String, LongSupplier> processes;
    private final Timeline timeline;
    private final Map<String, long[]> lastTicks = new HashMap<>();

    Sampler(KafkaClientSettings adminSettings, Map<String, LongSupplier> processes, Timeline timeline) {
        Map<String, Object> properties = new HashMap<>(adminSettings.clientProperties());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        this.admin = Admin.create(properties);
        this.processes = processes;
        this.timeline = timeline;
    }

    /** Takes one sample (a second's). */
    void sample() {
        int second = timeline.second();
        long[] offsets = offsets();
        Map<String, Long> rss = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        long nanos = System.nanoTime();
        processes.forEach((name, pid) -> {
            long id = pid.getAsLong();
            rss.put(name, id < 0 ? 0 : rssKib(id));
            long ticks = id < 0 ? -1 : ticks(id);
            long[] last = lastTicks.get(name);
            cpu.put(name, last == null || ticks < 0 || last[0] != id || last[1] > ticks ? 0.0
                    : 100.0 * (ticks - last[1]) / TICKS_PER_SECOND / ((nanos - last[2]) / 1e9));
            lastTicks.put(name, new long[] { id, ticks, nanos });
        });
        timeline.sample(new Timeline.Sample(second, offsets[0], offsets[1], rss, cpu));
    }

    /** {lag, committed}: records of clerk.events not yet committed by group tenant-store, and those committed. */
    long[] offsets() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(KafkaBroker.TENANT_STORE)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(KafkaBroker.EVENTS_TOPIC)).allTopicNames().get(3, TimeUnit.SECONDS)
                    .get(KafkaBroker.EVENTS_TOPIC).partitions().forEach(p -> latest.put(
                            new TopicPartition(KafkaBroker.EVENTS_TOPIC, p.partition()), OffsetSpec.latest()));
            long lag = 0;
            long done = 0;
            for (var end : admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long position = at == null ? 0 : at.offset();
                lag += end.getValue().offset() - position;
                done += position;
            }
            return new long[] { lag, done };
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new long[] { -1, -1 };
        }
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // the process ended between the pid and the read
        }
        return 0;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
