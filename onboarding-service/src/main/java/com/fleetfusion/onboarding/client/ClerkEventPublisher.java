package com.fleetfusion.onboarding.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes synthetic Clerk events to {@code clerk.events} in the webhook envelope, so tenant-store has the rows
 * before Clerk's own webhooks arrive (they converge by last-writer-wins on {@code updated_at}). The data is Clerk's
 * own answer with private_metadata removed; records are unsigned, {@code event-source: onboarding-service}.
 */
@ApplicationScoped
public class ClerkEventPublisher {

    public static final String EVENT_SOURCE = "onboarding-service";

    @Inject
    @Channel("clerk-events")
    MutinyEmitter<String> emitter;

    @Inject
    ObjectMapper mapper;

    public Uni<Void> organizationCreated(Clerked<ClerkOrganization> organization) {
        return publish("organization.created", organization.value().id(), organization.json());
    }

    public Uni<Void> organizationDeleted(Clerked<ClerkDeletedObject> deleted) {
        return publish("organization.deleted", deleted.value().id(), deleted.json());
    }

    public Uni<Void> membershipCreated(Clerked<ClerkOrganizationMembership> membership) {
        String key = membership.value().organization().id() + ":" + membership.value().userId();
        return publish("organizationMembership.created", key, membership.json());
    }

    public Uni<Void> userUpdated(Clerked<ClerkUser> user) {
        return publish("user.updated", user.value().id(), user.json());
    }

    private Uni<Void> publish(String type, String key, ObjectNode data) {
        long now = System.currentTimeMillis();
        ObjectNode envelope = mapper.createObjectNode().put("object", "event").put("type", type).put("timestamp", now);
        envelope.set("data", data);
        String value;
        try {
            value = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException impossible) {
            return Uni.createFrom().failure(impossible);
        }
        RecordHeaders headers = new RecordHeaders();
        header(headers, "svix-id", "onb_" + UUID.randomUUID().toString().replace("-", ""));
        header(headers, "svix-timestamp", Long.toString(Instant.ofEpochMilli(now).getEpochSecond()));
        header(headers, "clerk-event-type", type);
        header(headers, "ingested-at", Long.toString(now));
        header(headers, "event-source", EVENT_SOURCE);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(value).addMetadata(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
