package com.fleetfusion.emulator.service;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.model.MembershipState;
import com.fleetfusion.emulator.model.OrganizationState;
import com.fleetfusion.emulator.model.UserState;

/**
 * Clerk's JSON objects (Backend API components/schemas User, Organization, OrganizationMembership, DeletedObject),
 * field for field. The schemas forbid unknown fields (additionalProperties: false), so nothing of the emulator's own
 * appears here; the conformance tests validate every rendering against the spec.
 */
public final class ClerkObjects {

    /** Clerk's default avatar for a user or an organization without an image. */
    static final String DEFAULT_IMAGE_URL = "https://img.clerk.com/emulator-default-avatar";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ClerkObjects() {
    }

    public static ObjectNode user(UserState user) {
        ObjectNode out = JSON.objectNode();
        out.put("id", user.id());
        out.put("object", "user");
        out.put("external_id", user.externalId());
        out.put("primary_email_address_id", user.primaryEmailAddressId());
        out.putNull("primary_phone_number_id");
        out.putNull("primary_web3_wallet_id");
        out.put("username", user.username());
        out.put("first_name", user.firstName());
        out.put("last_name", user.lastName());
        out.putNull("locale");
        out.put("profile_image_url", DEFAULT_IMAGE_URL);
        out.put("image_url", DEFAULT_IMAGE_URL);
        out.put("has_image", false);
        out.set("public_metadata", user.publicMetadata().deepCopy());
        out.set("private_metadata", user.privateMetadata().deepCopy());
        out.set("unsafe_metadata", user.unsafeMetadata().deepCopy());
        ArrayNode emails = out.putArray("email_addresses");
        user.emailAddresses().forEach(email -> emails.add(emailAddress(email)));
        out.putArray("phone_numbers");
        out.putArray("web3_wallets");
        out.putArray("passkeys");
        out.put("password_enabled", false);
        out.put("two_factor_enabled", false);
        out.put("totp_enabled", false);
        out.put("backup_code_enabled", false);
        out.putNull("mfa_enabled_at");
        out.putNull("mfa_disabled_at");
        out.putNull("password_last_updated_at");
        out.putArray("external_accounts");
        out.putArray("saml_accounts");
        out.putArray("enterprise_accounts");
        if (user.signedUp()) {
            out.put("last_sign_in_at", user.createdAt());
        } else {
            out.putNull("last_sign_in_at");
        }
        out.put("banned", false);
        out.put("locked", false);
        out.putNull("lockout_expires_in_seconds");
        out.putNull("verification_attempts_remaining");
        out.put("updated_at", user.updatedAt());
        out.put("created_at", user.createdAt());
        out.put("delete_self_enabled", true);
        out.put("create_organization_enabled", true);
        out.putNull("create_organizations_limit");
        if (user.signedUp()) {
            // Clerk reports activity with day precision
            out.put("last_active_at", user.createdAt() - user.createdAt() % 86_400_000L);
        } else {
            out.putNull("last_active_at");
        }
        out.putNull("legal_accepted_at");
        return out;
    }

    private static ObjectNode emailAddress(UserState.EmailAddressState email) {
        ObjectNode out = JSON.objectNode();
        out.put("id", email.id());
        out.put("object", "email_address");
        out.put("email_address", email.email());
        out.put("reserved", false);
        ObjectNode verification = out.putObject("verification");
        if (email.viaSignUp()) {
            // a sign-up verifies the address with a one-time code
            verification.put("object", "verification_otp");
            verification.put("status", "verified");
            verification.put("strategy", "email_code");
            verification.put("attempts", 1);
            verification.put("expire_at", email.createdAt() + 600_000L);
        } else {
            // addresses created through the Backend API are verified by the admin
            verification.put("object", "verification_admin");
            verification.put("status", "verified");
            verification.put("strategy", "admin");
            verification.putNull("attempts");
            verification.putNull("expire_at");
        }
        out.putArray("linked_to");
        out.put("matches_sso_connection", false);
        out.put("created_at", email.createdAt());
        out.put("updated_at", email.updatedAt());
        return out;
    }

    public static ObjectNode organization(OrganizationState org, int membersCount) {
        ObjectNode out = JSON.objectNode();
        out.put("object", "organization");
        out.put("id", org.id());
        out.put("name", org.name());
        out.put("slug", org.slug());
        out.put("image_url", DEFAULT_IMAGE_URL);
        out.put("has_image", false);
        out.put("members_count", membersCount);
        out.put("missing_member_with_elevated_permissions", false);
        out.put("pending_invitations_count", 0);
        out.put("max_allowed_memberships", org.maxAllowedMemberships());
        out.put("admin_delete_enabled", org.adminDeleteEnabled());
        out.set("public_metadata", org.publicMetadata().deepCopy());
        out.set("private_metadata", org.privateMetadata().deepCopy());
        if (org.createdBy() != null) {
            out.put("created_by", org.createdBy());
        }
        out.put("created_at", org.createdAt());
        out.put("updated_at", org.updatedAt());
        return out;
    }

    public static ObjectNode membership(MembershipState membership, ObjectNode organization, UserState user) {
        ObjectNode out = JSON.objectNode();
        out.put("id", membership.id());
        out.put("object", "organization_membership");
        out.put("role", membership.role());
        out.put("role_name", Roles.name(membership.role()));
        ArrayNode permissions = out.putArray("permissions");
        Roles.permissions(membership.role()).forEach(permissions::add);
        out.set("public_metadata", membership.publicMetadata().deepCopy());
        out.set("private_metadata", membership.privateMetadata().deepCopy());
        out.set("organization", organization);
        ObjectNode publicUserData = out.putObject("public_user_data");
        publicUserData.put("user_id", user.id());
        publicUserData.put("first_name", user.firstName());
        publicUserData.put("last_name", user.lastName());
        publicUserData.put("profile_image_url", DEFAULT_IMAGE_URL);
        publicUserData.put("image_url", DEFAULT_IMAGE_URL);
        publicUserData.put("has_image", false);
        publicUserData.put("identifier", user.primaryEmail());
        publicUserData.put("username", user.username());
        publicUserData.put("banned", false);
        publicUserData.put("deprovisioned", false);
        out.put("created_at", membership.createdAt());
        out.put("updated_at", membership.updatedAt());
        return out;
    }

    public static ObjectNode deleted(String object, String id, String slug, String externalId) {
        ObjectNode out = JSON.objectNode();
        out.put("object", object);
        out.put("id", id);
        if (slug != null) {
            out.put("slug", slug);
        }
        out.put("deleted", true);
        if (externalId != null) {
            out.put("external_id", externalId);
        }
        return out;
    }

    public static ObjectNode list(List<ObjectNode> data, long totalCount) {
        ObjectNode out = JSON.objectNode();
        out.putArray("data").addAll(data);
        out.put("total_count", totalCount);
        return out;
    }

    public static ObjectNode totalCount(long count) {
        ObjectNode out = JSON.objectNode();
        out.put("object", "total_count");
        out.put("total_count", count);
        return out;
    }
}
