package com.fleetfusion.store.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.events.ClerkEventTypes;
import com.fleetfusion.events.EventVersions;
import com.fleetfusion.store.model.ClerkEvent;
import com.fleetfusion.store.model.ClerkObjectKind;
import com.fleetfusion.store.model.MembershipChange;
import com.fleetfusion.store.model.MembershipRow;
import com.fleetfusion.store.model.OrganizationChange;
import com.fleetfusion.store.model.OrganizationRow;
import com.fleetfusion.store.model.TenantChange;
import com.fleetfusion.store.model.UserChange;
import com.fleetfusion.store.model.UserRow;

/**
 * Reads the Clerk webhook envelope ({@code {"object":"event","type":...,"timestamp":...,"data":{...}}}) into the
 * change it makes. Versions follow DESIGN.md: an upsert's version is {@code data.updated_at}; a deletion's is the
 * envelope {@code timestamp} (seconds or ms, see EventVersions), else {@code svix-timestamp} (seconds).
 * {@code private_metadata} is never read.
 */
@ApplicationScoped
public class ClerkEventParser {

    private final ObjectMapper mapper;

    public ClerkEventParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param value the record value, the webhook body as received
     * @param svixId the {@code svix-id} header, or null
     * @param svixTimestamp the {@code svix-timestamp} header (seconds), or null
     */
    public ClerkEvent parse(byte[] value, String svixId, String svixTimestamp) throws UnapplicableEventException {
        if (value == null || value.length == 0) {
            throw new UnapplicableEventException("empty record value");
        }
        JsonNode envelope;
        try {
            envelope = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new UnapplicableEventException("value is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnapplicableEventException("value is not JSON: " + e.getMessage());
        }
        if (envelope == null || !envelope.isObject()) {
            throw new UnapplicableEventException("value is not a JSON object");
        }
        JsonNode type = envelope.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new UnapplicableEventException("envelope has no type");
        }
        String eventType = type.asText();
        String[] parts = eventType.split("\\.", 2);
        if (parts.length != 2 || !isKept(parts[0])) {
            return new ClerkEvent(svixId, eventType, null);
        }
        JsonNode data = envelope.get("data");
        if (data == null || !data.isObject()) {
            throw new UnapplicableEventException(eventType + " has no data object");
        }
        Long eventTime = eventTime(envelope, svixTimestamp);
        boolean deletion = "deleted".equals(parts[1]);
        if (!deletion && !"created".equals(parts[1]) && !"updated".equals(parts[1])) {
            return new ClerkEvent(svixId, eventType, null);
        }
        TenantChange change = switch (parts[0]) {
            case "user" -> user(eventType, data, deletion, eventTime);
            case "organization" -> organization(eventType, data, deletion, eventTime);
            default -> membership(eventType, data, deletion, eventTime);
        };
        return new ClerkEvent(svixId, eventType, change, text(envelope, "instance_id"));
    }

    /**
     * The upsert that a Backend API object stands for (reconciliation): the same mapping and version as a
     * {@code <kind>.updated} event carrying that object as its {@code data}, so there is one code path.
     */
    public TenantChange upsertOf(ClerkObjectKind kind, JsonNode object) throws UnapplicableEventException {
        if (object == null || !object.isObject()) {
            throw new UnapplicableEventException(kind.objectType() + " is not a JSON object");
        }
        String type = kind.objectType() + ".updated";
        return switch (kind) {
            case USERS -> user(type, object, false, null);
            case ORGANIZATIONS -> organization(type, object, false, null);
            case MEMBERSHIPS -> membership(type, object, false, null);
        };
    }

    private static boolean isKept(String objectType) {
        return ClerkEventTypes.USER.equals(objectType) || ClerkEventTypes.ORGANIZATION.equals(objectType)
                || ClerkEventTypes.MEMBERSHIP.equals(objectType);
    }

    /** The envelope timestamp in ms (seconds normalised), else svix-timestamp, else null. */
    static Long eventTime(JsonNode envelope, String svixTimestamp) {
        JsonNode timestamp = envelope.get("timestamp");
        if (timestamp != null && timestamp.isIntegralNumber()) {
            return EventVersions.toMillis(timestamp.asLong());
        }
        if (svixTimestamp != null) {
            try {
                return EventVersions.toMillis(Long.parseLong(svixTimestamp.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private UserChange user(String type, JsonNode data, boolean deletion, Long eventTime)
            throws UnapplicableEventException {
        String id = requiredText(type, data, "id");
        if (deletion) {
            return UserChange.deletion(id, deletionVersion(type, data, eventTime));
        }
        UserRow row = new UserRow(id, primaryEmail(data), text(data, "first_name"), text(data, "last_name"),
                text(data, "username"), text(data, "image_url"), json(data, "public_metadata"),
                number(data, "last_sign_in_at"), bool(data, "banned"), number(data, "created_at"),
                number(data, "updated_at"));
        return UserChange.upsert(row, upsertVersion(type, data, eventTime));
    }

    private OrganizationChange organization(String type, JsonNode data, boolean deletion, Long eventTime)
            throws UnapplicableEventException {
        String id = requiredText(type, data, "id");
        if (deletion) {
            return OrganizationChange.deletion(id, deletionVersion(type, data, eventTime));
        }
        Long maxMemberships = number(data, "max_allowed_memberships");
        OrganizationRow row = new OrganizationRow(id, text(data, "name"), text(data, "slug"),
                text(data, "image_url"), text(data, "created_by"), json(data, "public_metadata"),
                maxMemberships == null ? null : Math.toIntExact(Math.min(maxMemberships, Integer.MAX_VALUE)),
                number(data, "created_at"), number(data, "updated_at"));
        return OrganizationChange.upsert(row, upsertVersion(type, data, eventTime));
    }

    private MembershipChange membership(String type, JsonNode data, boolean deletion, Long eventTime)
            throws UnapplicableEventException {
        JsonNode organization = data.path("organization");
        JsonNode publicUserData = data.path("public_user_data");
        String organizationId = requiredText(type, organization, "id");
        String userId = requiredText(type, publicUserData, "user_id");
        if (deletion) {
            // Clerk's deletion carries the whole membership: its created_at names the generation it ends
            return MembershipChange.deletion(organizationId, userId, deletionVersion(type, data, eventTime),
                    number(data, "created_at"));
        }
        List<String> permissions = null;
        JsonNode permissionNodes = data.get("permissions");
        if (permissionNodes != null && permissionNodes.isArray()) {
            permissions = new ArrayList<>();
            for (JsonNode permission : permissionNodes) {
                if (permission.isTextual()) {
                    permissions.add(clean(permission.asText()));
                }
            }
        }
        MembershipRow row = new MembershipRow(organizationId, userId, text(data, "id"), text(data, "role"),
                permissions, json(data, "public_metadata"), json(data, "public_user_data"),
                number(data, "created_at"), number(data, "updated_at"));
        return MembershipChange.upsert(row, upsertVersion(type, data, eventTime));
    }

    private static long upsertVersion(String type, JsonNode data, Long eventTime) throws UnapplicableEventException {
        Long updatedAt = number(data, "updated_at");
        if (updatedAt != null) {
            return EventVersions.toMillis(updatedAt);
        }
        if (eventTime != null) {
            return eventTime;
        }
        throw new UnapplicableEventException(type + " has neither data.updated_at nor an event timestamp");
    }

    private static long deletionVersion(String type, JsonNode data, Long eventTime) throws UnapplicableEventException {
        if (eventTime != null) {
            return eventTime;
        }
        throw new UnapplicableEventException(type + " has neither an envelope timestamp nor svix-timestamp");
    }

    private static String primaryEmail(JsonNode data) {
        String primaryId = text(data, "primary_email_address_id");
        if (primaryId == null) {
            return null;
        }
        for (JsonNode address : data.path("email_addresses")) {
            if (primaryId.equals(text(address, "id"))) {
                return text(address, "email_address");
            }
        }
        return null;
    }

    private static String requiredText(String type, JsonNode node, String field) throws UnapplicableEventException {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new UnapplicableEventException(type + " lacks the identifying field " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? clean(value.asText()) : null;
    }

    /** PostgreSQL text cannot hold NUL; Clerk never sends it in the fields kept, so dropping it loses nothing. */
    private static String clean(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() ? value.asLong() : null;
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isBoolean() ? value.asBoolean() : null;
    }

    private static String json(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.toString();
    }
}
