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
import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.events.ClerkEventRecords;
import com.fleetfusion.events.ClerkEventTypes;
import com.fleetfusion.events.EventSigner;
import com.fleetfusion.events.EventsConfig;
import com.fleetfusion.events.PrivateMetadataRedactor;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes synthetic Clerk events to {@code clerk.events} in the webhook envelope, so tenant-store has the rows
 * before Clerk's own webhooks arrive (they converge by last-writer-wins on {@code updated_at}). The data is Clerk's
 * own answer; the value is redacted (no {@code private_metadata}, so not the saga's marker either) and signed
 * ({@code event-signature}), {@code event-source: onboarding-service}, with a unique {@code svix-id} of its own.
 */
@Startup // a missing or short EVENTS_SIGNING_KEYS stops the start, not the first onboarding
@ApplicationScoped
public class ClerkEventPublisher {

    public static final String EVENT_SOURCE = ClerkEventRecords.SOURCE_ONBOARDING;

    @Inject
    @Channel("clerk-events")
    MutinyEmitter<String> emitter;

    @Inject
    ObjectMapper mapper;

    private final EventSigner signer;
    private final PrivateMetadataRedactor redactor = new PrivateMetadataRedactor();

    ClerkEventPublisher(EventsConfig events) {
        this.signer = EventSigner.ofKeys(events.signingKeys());
    }

    public Uni<Void> organizationCreated(Clerked<ClerkOrganization> organization) {
        return publish(ClerkEventTypes.ORGANIZATION_CREATED, organization.value().id(), organization.json());
    }

    public Uni<Void> organizationDeleted(Clerked<ClerkDeletedObject> deleted) {
        return publish(ClerkEventTypes.ORGANIZATION_DELETED, deleted.value().id(), deleted.json());
    }

    public Uni<Void> membershipCreated(Clerked<ClerkOrganizationMembership> membership) {
        String key = ClerkEventKey.membership(membership.value().organization().id(), membership.value().userId());
        return publish(ClerkEventTypes.MEMBERSHIP_CREATED, key, membership.json());
    }

    public Uni<Void> userUpdated(Clerked<ClerkUser> user) {
        return publish(ClerkEventTypes.USER_UPDATED, user.value().id(), user.json());
    }

    private Uni<Void> publish(String type, String key, ObjectNode data) {
        long now = System.currentTimeMillis();
        ObjectNode envelope = mapper.createObjectNode().put("object", "event").put("type", type).put("timestamp", now);
        envelope.set("data", data);
        byte[] value;
        try {
            value = redactor.redact(mapper.writeValueAsBytes(envelope));
        } catch (JsonProcessingException impossible) {
            return Uni.createFrom().failure(impossible);
        }
        String svixId = "onb_" + UUID.randomUUID().toString().replace("-", "");
        RecordHeaders headers = new RecordHeaders();
        header(headers, ClerkEventRecords.SVIX_ID, svixId);
        header(headers, ClerkEventRecords.SVIX_TIMESTAMP, Long.toString(Instant.ofEpochMilli(now).getEpochSecond()));
        header(headers, ClerkEventRecords.EVENT_TYPE, type);
        header(headers, ClerkEventRecords.INGESTED_AT, Long.toString(now));
        header(headers, ClerkEventRecords.EVENT_SOURCE, EVENT_SOURCE);
        header(headers, ClerkEventRecords.EVENT_SIGNATURE, signer.sign(svixId, EVENT_SOURCE, type, key, value));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build();
        // the String serializer writes UTF-8: the bytes signed are the bytes written
        return emitter.sendMessage(Message.of(new String(value, StandardCharsets.UTF_8)).addMetadata(metadata));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
