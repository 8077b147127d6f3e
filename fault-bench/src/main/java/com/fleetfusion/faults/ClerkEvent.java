package com.fleetfusion.faults;

import java.nio.charset.StandardCharsets;

/**
 * One Clerk event of the load, with what the independent model needs to know of it (so that the model never parses
 * what the services parse) and its webhook body.
 *
 * @param kind the table it lands in
 * @param id the row's identity: a user or organization id, or {@code <org id>:<user id>} for a membership
 * @param name a user's first name or an organization's name; null for deletions
 * @param generation a membership's {@code created_at}; 0 for users and organizations
 * @param version DESIGN's version: {@code updated_at}, or the envelope timestamp of a deletion
 */
record ClerkEvent(String svixId, String type, Kind kind, String id, String name, String role, String membershipId,
        long generation, long version, boolean deleted, String body) {

    enum Kind { USER, ORGANIZATION, MEMBERSHIP }

    byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static ClerkEvent user(String svixId, String type, String userId, String firstName, long createdAt, long updatedAt) {
        String data = """
                {"object":"user","id":"%s","external_id":null,"primary_email_address_id":"idn_%s",\
                "primary_phone_number_id":null,"primary_web3_wallet_id":null,"username":null,"first_name":"%s",\
                "last_name":"Doe","image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9","has_image":false,\
                "public_metadata":{},"private_metadata":{"internal":"never stored"},"unsafe_metadata":{},\
                "email_addresses":[{"id":"idn_%s","object":"email_address","email_address":"%s@example.com",\
                "verification":{"status":"verified","strategy":"email_code","attempts":1,"expire_at":null},\
                "linked_to":[]}],"phone_numbers":[],"web3_wallets":[],"passkeys":[],"external_accounts":[],\
                "saml_accounts":[],"enterprise_accounts":[],"password_enabled":true,"two_factor_enabled":false,\
                "totp_enabled":false,"backup_code_enabled":false,"last_sign_in_at":null,"banned":false,"locked":false,\
                "lockout_expires_in_seconds":null,"verification_attempts_remaining":100,"delete_self_enabled":true,\
                "create_organization_enabled":true,"last_active_at":%d,"created_at":%d,"updated_at":%d}"""
                .formatted(userId, userId, firstName, userId, userId, updatedAt, createdAt, updatedAt);
        return new ClerkEvent(svixId, type, Kind.USER, userId, firstName, null, null, 0, updatedAt, false,
                envelope(type, data, updatedAt));
    }

    static ClerkEvent organization(String svixId, String type, String orgId, String name, String createdBy,
            long createdAt, long updatedAt) {
        return new ClerkEvent(svixId, type, Kind.ORGANIZATION, orgId, name, null, null, 0, updatedAt, false,
                envelope(type, organizationJson(orgId, name, createdBy, createdAt, updatedAt), updatedAt));
    }

    private static String organizationJson(String orgId, String name, String createdBy, long createdAt, long updatedAt) {
        return """
                {"object":"organization","id":"%s","name":"%s","slug":"%s",\
                "image_url":"https://img.clerk.com/eyJ0eXBlIjoib3JnIn0","has_image":false,"members_count":3,\
                "missing_member_with_elevated_permissions":false,"pending_invitations_count":0,\
                "max_allowed_memberships":5,"admin_delete_enabled":true,"public_metadata":{"plan":"fleet"},\
                "private_metadata":{},"created_by":"%s","created_at":%d,"updated_at":%d}"""
                .formatted(orgId, name, orgId.replace('_', '-'), createdBy, createdAt, updatedAt);
    }

    /**
     * A membership event; in all three types {@code data} is the full membership. {@code timestamp} is the envelope's:
     * the version of a deletion, whose {@code updated_at} stays the membership's last.
     */
    static ClerkEvent membership(String svixId, String type, String membershipId, String orgId, String userId,
            String role, long createdAt, long updatedAt, long timestamp) {
        boolean deleted = type.endsWith(".deleted");
        String data = """
                {"object":"organization_membership","id":"%s","role":"%s","role_name":"%s",\
                "permissions":["org:sys_memberships:read","org:fleet:read"],"public_metadata":{},\
                "private_metadata":{},"organization":%s,\
                "public_user_data":{"user_id":"%s","first_name":"Driver","last_name":"Doe",\
                "image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9","has_image":false,\
                "identifier":"%s@example.com"},%s"created_at":%d,"updated_at":%d}"""
                .formatted(membershipId, role, role.equals("org:admin") ? "Admin" : "Member",
                        organizationJson(orgId, "Fleet", userId, createdAt, createdAt), userId, userId,
                        deleted ? "\"deleted\":true," : "", createdAt, updatedAt);
        return new ClerkEvent(svixId, type, Kind.MEMBERSHIP, orgId + ":" + userId, null, role, membershipId, createdAt,
                deleted ? timestamp : updatedAt, deleted, envelope(type, data, timestamp));
    }

    /** {@code user.deleted} or {@code organization.deleted}: a deleted object; its version is the envelope's timestamp. */
    static ClerkEvent deletion(String svixId, String type, String object, String id, long timestamp) {
        String data = "{\"object\":\"" + object + "\",\"id\":\"" + id + "\",\"deleted\":true}";
        Kind kind = object.equals("user") ? Kind.USER : Kind.ORGANIZATION;
        return new ClerkEvent(svixId, type, kind, id, null, null, null, 0, timestamp, true,
                envelope(type, data, timestamp));
    }

    private static String envelope(String type, String data, long timestamp) {
        return "{\"data\":" + data + ",\"event_attributes\":{\"http_request\":{\"client_ip\":\"203.0.113.7\","
                + "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\"}},\"instance_id\":\"ins_2fleetfusion\","
                + "\"object\":\"event\",\"timestamp\":" + timestamp + ",\"type\":\"" + type + "\"}";
    }
}
