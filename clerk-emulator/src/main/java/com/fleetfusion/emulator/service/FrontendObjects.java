package com.fleetfusion.emulator.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.model.UserState;
import com.fleetfusion.emulator.store.ClerkStore;
import com.fleetfusion.emulator.store.FrontendStore;
import com.fleetfusion.emulator.store.FrontendStore.Client;
import com.fleetfusion.emulator.store.FrontendStore.Session;
import com.fleetfusion.emulator.store.FrontendStore.SignIn;
import com.fleetfusion.emulator.store.FrontendStore.SignUp;
import com.fleetfusion.emulator.store.FrontendStore.Verification;

/**
 * The Frontend API's JSON objects (frontend-api-2026-05-12.yml: Client.Client, Client.Session, Client.User,
 * Client.SignIn, Client.SignUp, Client.Environment), field for field. The user is the Backend API's User narrowed to
 * what the browser may see: never {@code private_metadata}. Called under {@link FrontendStore}'s lock.
 */
@ApplicationScoped
public class FrontendObjects {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Client.User's properties the Backend API's User also has (the rest are added here). */
    private static final Set<String> USER_FIELDS = Set.of("id", "object", "username", "first_name", "last_name",
            "image_url", "has_image", "primary_email_address_id", "primary_phone_number_id", "primary_web3_wallet_id",
            "two_factor_enabled", "totp_enabled", "backup_code_enabled", "email_addresses", "phone_numbers",
            "web3_wallets", "passkeys", "external_accounts", "saml_accounts", "enterprise_accounts",
            "password_last_updated_at", "public_metadata", "unsafe_metadata", "external_id", "last_sign_in_at",
            "banned", "locked", "lockout_expires_in_seconds", "verification_attempts_remaining", "created_at",
            "updated_at", "delete_self_enabled", "create_organization_enabled", "last_active_at", "mfa_enabled_at",
            "mfa_disabled_at", "legal_accepted_at", "profile_image_url");
    private static final Set<String> EMAIL_FIELDS = Set.of("id", "object", "email_address", "reserved",
            "verification", "linked_to", "matches_sso_connection", "created_at", "updated_at");
    private static final Set<String> MEMBERSHIP_FIELDS = Set.of("id", "object", "public_metadata", "role",
            "role_name", "permissions", "created_at", "updated_at");
    private static final Set<String> ORGANIZATION_FIELDS = Set.of("id", "object", "name", "slug", "image_url",
            "has_image", "members_count", "pending_invitations_count", "max_allowed_memberships",
            "admin_delete_enabled", "public_metadata", "created_at", "updated_at");
    private static final Set<String> PUBLIC_USER_DATA_FIELDS = Set.of("first_name", "last_name", "image_url",
            "has_image", "identifier", "profile_image_url", "user_id", "username", "banned", "deprovisioned");

    private final ObjectNode environment = readEnvironment();

    @Inject
    ClerkStore clerk;

    @Inject
    FrontendStore store;

    @Inject
    Passwords passwords;

    /** The instance's settings: e-mail + password, e-mail code verification, organizations, single session. */
    public ObjectNode environment() {
        return environment.deepCopy();
    }

    /** {"response": X, "client": the client}: the envelope of every Frontend API answer but the token's. */
    public ObjectNode wrapped(JsonNode response, Client client) {
        ObjectNode out = JSON.objectNode();
        out.set("response", response == null ? JSON.nullNode() : response);
        out.set("client", client == null ? JSON.nullNode() : client(client));
        return out;
    }

    public ObjectNode client(Client client) {
        ObjectNode out = JSON.objectNode();
        out.put("object", "client");
        out.put("id", client.id);
        ArrayNode sessions = out.putArray("sessions");
        for (Session session : client.sessions) {
            session(session).ifPresent(sessions::add);
        }
        out.set("sign_in", client.signIn == null ? JSON.nullNode() : signIn(client.signIn));
        out.set("sign_up", client.signUp == null ? JSON.nullNode() : signUp(client.signUp));
        boolean lastActiveShown = client.lastActiveSessionId != null && sessions.findValuesAsText("id")
                .contains(client.lastActiveSessionId);
        if (lastActiveShown) {
            out.put("last_active_session_id", client.lastActiveSessionId);
        } else {
            out.putNull("last_active_session_id");
        }
        putNullable(out, "last_authentication_strategy", client.lastAuthenticationStrategy);
        out.put("cookie_expires_at", client.updatedAt + 365L * 24 * 3600 * 1000);
        out.put("captcha_bypass", false);
        out.put("created_at", client.createdAt);
        out.put("updated_at", client.updatedAt);
        return out;
    }

    /** A session with its user; empty when the user was deleted through the Backend API meanwhile. */
    public Optional<ObjectNode> session(Session session) {
        Optional<UserState> user = store.user(session.userId);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode out = JSON.objectNode();
        out.put("id", session.id);
        out.put("object", "session");
        out.put("status", session.status);
        out.put("expire_at", session.createdAt + FrontendStore.SESSION_TTL_MS);
        out.put("abandon_at", session.createdAt + 30L * 24 * 3600 * 1000);
        out.put("last_active_at", session.lastActiveAt);
        out.putNull("last_active_token");
        out.putNull("actor");
        putNullable(out, "last_active_organization_id", session.activeOrganizationId);
        ObjectNode userJson = user(user.get());
        out.set("user", userJson);
        out.set("public_user_data", publicUserData(user.get()));
        out.putArray("factor_verification_age").add(0).add(-1);
        out.put("created_at", session.createdAt);
        out.put("updated_at", session.updatedAt);
        return Optional.of(out);
    }

    private ObjectNode user(UserState state) {
        ObjectNode bapi = clerk.getUser(state.id());
        ObjectNode out = retain(bapi, USER_FIELDS);
        ArrayNode emails = out.putArray("email_addresses");
        bapi.path("email_addresses").forEach(e -> emails.add(retain((ObjectNode) e, EMAIL_FIELDS)));
        out.put("password_enabled", passwords.enabled(state.id()));
        ArrayNode memberships = out.putArray("organization_memberships");
        for (ObjectNode membership : store.memberships(state.id())) {
            ObjectNode m = retain(membership, MEMBERSHIP_FIELDS);
            m.set("organization", retain((ObjectNode) membership.path("organization"), ORGANIZATION_FIELDS));
            m.set("public_user_data", retain((ObjectNode) membership.path("public_user_data"),
                    PUBLIC_USER_DATA_FIELDS));
            memberships.add(m);
        }
        return out;
    }

    private static ObjectNode publicUserData(UserState user) {
        ObjectNode out = JSON.objectNode();
        out.put("first_name", user.firstName());
        out.put("last_name", user.lastName());
        out.put("image_url", ClerkObjects.DEFAULT_IMAGE_URL);
        out.put("has_image", false);
        out.put("identifier", user.primaryEmail());
        out.put("user_id", user.id());
        out.put("username", user.username());
        out.put("banned", false);
        out.put("deprovisioned", false);
        return out;
    }

    public ObjectNode signIn(SignIn signIn) {
        ObjectNode out = JSON.objectNode();
        out.put("object", "sign_in_attempt");
        out.put("id", signIn.id);
        out.put("status", signIn.status);
        out.putArray("supported_identifiers").add("email_address");
        if (signIn.userId == null) {
            out.putNull("supported_first_factors");
        } else {
            ArrayNode factors = out.putArray("supported_first_factors");
            factors.addObject().put("strategy", "password");
            for (String strategy : List.of("email_code", "reset_password_email_code")) {
                factors.addObject().put("strategy", strategy).put("safe_identifier", signIn.identifier)
                        .put("email_address_id", signIn.emailAddressId).put("primary", true);
            }
        }
        out.putNull("supported_second_factors");
        out.set("first_factor_verification", verification(signIn.firstFactor));
        out.putNull("second_factor_verification");
        putNullable(out, "identifier", signIn.identifier);
        Optional<UserState> user = signIn.userId == null ? Optional.empty() : store.user(signIn.userId);
        if (user.isPresent()) {
            ObjectNode userData = out.putObject("user_data");
            userData.put("first_name", user.get().firstName());
            userData.put("last_name", user.get().lastName());
            userData.put("image_url", ClerkObjects.DEFAULT_IMAGE_URL);
            userData.put("has_image", false);
        } else {
            out.putNull("user_data");
        }
        putNullable(out, "created_session_id", signIn.createdSessionId);
        out.put("abandon_at", signIn.createdAt + FrontendStore.ATTEMPT_TTL_MS);
        return out;
    }

    public ObjectNode signUp(SignUp signUp) {
        ObjectNode out = JSON.objectNode();
        out.put("object", "sign_up_attempt");
        out.put("id", signUp.id);
        out.put("status", signUp.status);
        out.putArray("required_fields").add("email_address").add("password");
        out.putArray("optional_fields").add("first_name").add("last_name");
        ArrayNode missing = out.putArray("missing_fields");
        if (signUp.emailAddress == null) {
            missing.add("email_address");
        }
        if (!signUp.passwordEnabled()) {
            missing.add("password");
        }
        ArrayNode unverified = out.putArray("unverified_fields");
        boolean emailVerified = signUp.emailVerification != null
                && "verified".equals(signUp.emailVerification.status);
        if (signUp.emailAddress != null && !emailVerified) {
            unverified.add("email_address");
        }
        ObjectNode verifications = out.putObject("verifications");
        if (signUp.emailVerification == null) {
            verifications.putNull("email_address");
        } else {
            ObjectNode email = (ObjectNode) verification(signUp.emailVerification);
            email.put("next_action", emailVerified ? "" : signUp.emailVerification.expireAt == null
                    ? "needs_prepare" : "needs_attempt");
            email.putArray("supported_strategies").add("email_code");
            verifications.set("email_address", email);
        }
        verifications.putNull("phone_number");
        verifications.putNull("web3_wallet");
        verifications.putNull("external_account");
        out.putNull("username");
        putNullable(out, "email_address", signUp.emailAddress);
        out.putNull("phone_number");
        out.putNull("web3_wallet");
        out.put("password_enabled", signUp.passwordEnabled());
        putNullable(out, "first_name", signUp.firstName);
        putNullable(out, "last_name", signUp.lastName);
        out.putObject("unsafe_metadata");
        out.putObject("public_metadata");
        out.put("custom_action", false);
        out.putNull("external_id");
        putNullable(out, "created_session_id", signUp.createdSessionId);
        putNullable(out, "created_user_id", signUp.createdUserId);
        out.put("abandon_at", signUp.createdAt + FrontendStore.ATTEMPT_TTL_MS);
        out.putNull("legal_accepted_at");
        return out;
    }

    /** {"object":"token","jwt":...}: the one Frontend API answer without the envelope. */
    public static ObjectNode token(String jwt) {
        ObjectNode out = JSON.objectNode();
        out.put("object", "token");
        out.put("jwt", jwt);
        return out;
    }

    private static JsonNode verification(Verification verification) {
        if (verification == null) {
            return JSON.nullNode();
        }
        ObjectNode out = JSON.objectNode();
        boolean password = "password".equals(verification.strategy);
        out.put("object", password ? "verification_password" : "verification_otp");
        out.put("status", verification.status);
        out.put("strategy", verification.strategy);
        if (verification.attempts == null) {
            out.putNull("attempts");
        } else {
            out.put("attempts", verification.attempts);
        }
        if (verification.expireAt == null) {
            if (password) {
                out.putNull("expire_at");
            } else {
                // not prepared yet: Clerk reports the OTP verification as unverified with no expiry reached
                out.put("expire_at", 0);
            }
        } else {
            out.put("expire_at", verification.expireAt);
        }
        return out;
    }

    private static void putNullable(ObjectNode out, String field, String value) {
        if (value == null) {
            out.putNull(field);
        } else {
            out.put(field, value);
        }
    }

    private static ObjectNode retain(ObjectNode source, Set<String> fields) {
        ObjectNode out = JSON.objectNode();
        source.fields().forEachRemaining(e -> {
            if (fields.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }

    private static ObjectNode readEnvironment() {
        try (InputStream in = FrontendObjects.class.getResourceAsStream("/frontend/environment.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
