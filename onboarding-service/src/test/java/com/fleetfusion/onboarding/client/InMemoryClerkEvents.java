package com.fleetfusion.onboarding.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.EventsConfig;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.reactive.messaging.EmitterConfiguration;
import io.smallrye.reactive.messaging.annotations.EmitterFactoryFor;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.providers.extension.MutinyEmitterImpl;

/**
 * The real {@link ClerkEventPublisher} with its {@code clerk-events} channel on SmallRye's in-memory connector
 * instead of Kafka, wired by hand (no Quarkus): what it sends lands in {@link #sink()}, acknowledged.
 */
public final class InMemoryClerkEvents {

    public static final String SIGNING_KEY = "unit-test-record-signing-key-of-32-bytes-or-more";
    private static final String CHANNEL = "clerk-events";

    private final InMemorySink<String> sink;
    private final ClerkEventPublisher publisher;

    @SuppressWarnings({ "unchecked", "rawtypes" })
    public InMemoryClerkEvents() {
        InMemoryConnector connector = new InMemoryConnector();
        Flow.Subscriber subscriber = connector.getSubscriber(
                new SmallRyeConfigBuilder().withDefaultValue("channel-name", CHANNEL).build());
        MutinyEmitterImpl<String> emitter = new MutinyEmitterImpl<>(new Buffered(), 128);
        emitter.getPublisher().subscribe(subscriber);
        sink = connector.sink(CHANNEL);
        publisher = new ClerkEventPublisher(new EventsConfig() {
            public String signingKeys() {
                return SIGNING_KEY;
            }

            public Duration maxFuture() {
                return Duration.ofHours(1);
            }
        });
        publisher.emitter = emitter;
        publisher.mapper = new ObjectMapper();
    }

    public ClerkEventPublisher publisher() {
        return publisher;
    }

    public InMemorySink<String> sink() {
        return sink;
    }

    /** The {@code clerk-event-type} header of each record sent, in order. */
    public List<String> types() {
        return sink.received().stream().map(message -> header(message, "clerk-event-type")).toList();
    }

    /** The Kafka key of each record sent, in order. */
    public List<String> keys() {
        return sink.received().stream().map(message -> message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .map(metadata -> (String) metadata.getKey()).orElse(null)).toList();
    }

    public static String header(Message<?> message, String name) {
        return message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getHeaders().lastHeader(name))
                .map(header -> new String(header.value(), java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
    }

    /** An emitter as {@code @Channel} injection makes one: buffered, one subscriber (the connector). */
    private static final class Buffered implements EmitterConfiguration {
        public String name() {
            return CHANNEL;
        }

        public EmitterFactoryFor emitterType() {
            return null;
        }

        public OnOverflow.Strategy overflowBufferStrategy() {
            return OnOverflow.Strategy.BUFFER;
        }

        public long overflowBufferSize() {
            return 128;
        }

        public boolean broadcast() {
            return false;
        }

        public int numberOfSubscriberBeforeConnecting() {
            return 1;
        }
    }
}
