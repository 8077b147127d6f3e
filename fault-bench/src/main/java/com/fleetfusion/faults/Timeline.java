package com.fleetfusion.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happened in each second of a run, counted as it happens (deliveries' answers) or sampled once a second (lag,
 * committed offsets, memory and CPU of every process), and the faults with their times.
 */
final class Timeline {

    enum Counter { ACCEPTED, REJECTED_503, FAILED_OTHER, RETRIES, DUPLICATES, ONBOARDED, ONBOARDING_FAILED }

    /** One second's sample: {@code lag} and {@code committed} are -1 when Kafka did not answer in time. */
    record Sample(int second, long lag, long committed, Map<String, Long> rssKib, Map<String, Double> cpuPercent) {
    }

    /** A fault, {@code from} and {@code to} in seconds since the start of the load; {@code error} null when it went as planned. */
    record Fault(String name, double from, double to, String error) {
    }

    private final long startNanos = System.nanoTime();
    private final int seconds;
    private final AtomicLongArray[] counters = new AtomicLongArray[Counter.values().length];
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());

    Timeline(int seconds) {
        this.seconds = seconds;
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new AtomicLongArray(seconds);
        }
    }

    double now() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    int second() {
        return Math.min(seconds - 1, (int) now());
    }

    void count(Counter counter) {
        counters[counter.ordinal()].incrementAndGet(second());
    }

    long get(Counter counter, int second) {
        return counters[counter.ordinal()].get(second);
    }

    long total(Counter counter) {
        long sum = 0;
        for (int s = 0; s < seconds; s++) {
            sum += get(counter, s);
        }
        return sum;
    }

    void sample(Sample sample) {
        samples.add(sample);
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    void fault(Fault fault) {
        faults.add(fault);
        System.out.printf("[%7.1f s] fault %s from %.1f s to %.1f s%s%n", now(), fault.name(), fault.from(), fault.to(),
                fault.error() == null ? "" : ", FAILED: " + fault.error());
    }

    List<Fault> faults() {
        synchronized (faults) {
            return List.copyOf(faults);
        }
    }

    /** The last second anything was counted or sampled. */
    int lastSecond() {
        int last = samples.isEmpty() ? 0 : samples().get(samples().size() - 1).second();
        return Math.min(seconds - 1, Math.max(last, second()));
    }
}
