package com.fleetfusion.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fleetfusion.events.ClerkEventKey;
import com.fleetfusion.store.model.ClerkEvent;
import com.fleetfusion.store.service.ClerkEventParser;
import com.fleetfusion.store.service.UnapplicableEventException;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Clerk webhook bodies as Clerk sends them (envelope + data, field names of the webhook spec), each with its
 * svix-id, for tests. Versions are given as ticks: milliseconds after {@link #T0} (so {@code at(2_000)} is the
 * stored version); {@code timestamp} is the envelope timestamp.
 */
public final class ClerkEvents {

    /** 2024-05-28T08:00:00Z in epoch ms: realistic, far above the seconds limit of 10^12. */
    public static final long T0 = 1_716_883_200_000L;

    /** The epoch ms of a tick. */
    public static long at(long tick) {
        return T0 + tick;
    }

    private ClerkEvents() {
    }

    /** One record of clerk.events: svix-id, type, key and the body bytes. */
    public record Event(String svixId, String type, String key, byte[] body) {
        public String json() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static Event user(String id, long tick, String email) {
        long updatedAt = at(tick);
        JsonObject data = new JsonObject()
                .put("object", "user").put("id", id)
                .put("primary_email_address_id", "idn_" + id)
                .put("email_addresses", new JsonArray()
                        .add(new JsonObject().put("id", "idn_other").put("email_address", "other@example.com"))
                        .add(new JsonObject().put("id", "idn_" + id).put("email_address", email)))
                .put("first_name", "First " + updatedAt).put("last_name", "Last").put("username", null)
                .put("image_url", "https://img.clerk.com/" + id)
                .put("public_metadata", new JsonObject().put("onboardingComplete", updatedAt % 2 == 0))
                .put("private_metadata", new JsonObject().put("secret", "never-stored"))
                .put("last_sign_in_at", updatedAt).put("banned", false)
                .put("created_at", 1_700_000_000_000L).put("updated_at", updatedAt);
        return event("user.updated", id, data, updatedAt);
    }

    public static Event userDeleted(String id, long tick) {
        return event("user.deleted", id,
                new JsonObject().put("object", "user").put("id", id).put("deleted", true), at(tick));
    }

    public static Event organization(String id, long tick, String name) {
        return event("organization.updated", id, organizationData(id, at(tick), name), at(tick));
    }

    public static Event organizationDeleted(String id, long tick) {
        return event("organization.deleted", id, new JsonObject().put("object", "organization").put("id", id)
                .put("slug", "slug-" + id).put("deleted", true), at(tick));
    }

    public static Event membership(String orgId, String userId, String membershipId, long tick, String role) {
        return event("organizationMembership.updated", ClerkEventKey.membership(orgId, userId),
                membershipData(orgId, userId, membershipId, at(tick), role), at(tick));
    }

    public static Event membershipDeleted(String orgId, String userId, String membershipId, long updatedTick,
            long tick) {
        return event("organizationMembership.deleted", ClerkEventKey.membership(orgId, userId),
                membershipData(orgId, userId, membershipId, at(updatedTick), "org:member"), at(tick));
    }

    /** A membership of a generation: created at {@code createdTick} (a re-add is a later one), updated at tick. */
    public static Event membership(String orgId, String userId, String membershipId, long createdTick, long tick,
            String role) {
        return event("organizationMembership.updated", orgId + ":" + userId,
                membershipData(orgId, userId, membershipId, at(tick), role).put("created_at", at(createdTick)),
                at(tick));
    }

    /** The removal of the membership of that generation, at {@code tick} (the envelope timestamp). */
    public static Event membershipDeleted(String orgId, String userId, String membershipId, long createdTick,
            long updatedTick, long tick) {
        return event("organizationMembership.deleted", orgId + ":" + userId,
                membershipData(orgId, userId, membershipId, at(updatedTick), "org:member")
                        .put("created_at", at(createdTick)), at(tick));
    }

    private static JsonObject organizationData(String id, long updatedAt, String name) {
        return new JsonObject().put("object", "organization").put("id", id).put("name", name)
                .put("slug", "slug-" + id).put("image_url", "https://img.clerk.com/" + id).put("has_image", true)
                .put("members_count", 1).put("max_allowed_memberships", 5).put("created_by", "user_creator")
                .put("public_metadata", new JsonObject().put("plan", "pro"))
                .put("private_metadata", new JsonObject().put("secret", "never-stored"))
                .put("created_at", 1_700_000_000_000L).put("updated_at", updatedAt);
    }

    private static JsonObject membershipData(String orgId, String userId, String membershipId, long updatedAt,
            String role) {
        return new JsonObject().put("object", "organization_membership").put("id", membershipId).put("role", role)
                .put("role_name", "Role").put("permissions", new JsonArray(List.of("org:posts:read", "org:posts:" + updatedAt)))
                .put("public_metadata", new JsonObject().put("team", "a"))
                .put("private_metadata", new JsonObject().put("secret", "never-stored"))
                .put("organization", organizationData(orgId, T0, "Nested"))
                .put("public_user_data", new JsonObject().put("user_id", userId).put("first_name", "Jane")
                        .put("last_name", "Doe").put("image_url", "https://img.clerk.com/u").put("has_image", true)
                        .put("identifier", userId + "@example.com"))
                .put("created_at", 1_700_000_000_000L).put("updated_at", updatedAt);
    }

    /** Any envelope, with a fresh svix-id. */
    public static Event event(String type, String key, JsonObject data, Object timestamp) {
        JsonObject envelope = new JsonObject().put("data", data).put("object", "event").put("type", type)
                .put("timestamp", timestamp).put("instance_id", "ins_test");
        return new Event("msg_" + UUID.randomUUID().toString().replace("-", ""), type, key,
                envelope.encode().getBytes(StandardCharsets.UTF_8));
    }

    /** Parses events as the consumer does (svix-id from the header, no svix-timestamp). */
    public static List<ClerkEvent> parsed(ClerkEventParser parser, List<Event> events) {
        List<ClerkEvent> parsed = new ArrayList<>(events.size());
        for (Event event : events) {
            try {
                parsed.add(parser.parse(event.body(), event.svixId(), null));
            } catch (UnapplicableEventException e) {
                throw new AssertionError(e);
            }
        }
        return parsed;
    }

    /** The same event delivered again by Svix: same svix-id, same body. */
    public static Event redelivery(Event event) {
        return new Event(event.svixId(), event.type(), event.key(), event.body());
    }
}
