package com.fleetfusion.emulator.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.model.UserState;
import com.fleetfusion.emulator.service.ClerkException;
import com.fleetfusion.emulator.service.Ids;
import com.fleetfusion.emulator.service.Outbox;
import com.fleetfusion.emulator.service.Paging;
import com.fleetfusion.emulator.service.Passwords;

/**
 * The Frontend API's browser clients (the {@code __client} cookie): each holds its current sign-in, its current
 * sign-up and its sessions. The users themselves live in {@link ClerkStore}; a completed sign-up creates one there (and
 * so its {@code user.created} webhook). One lock serialises every change here; it may call into ClerkStore (never the
 * other way round), so the two locks are always taken in the same order.
 */
@ApplicationScoped
public class FrontendStore {

    /** One-time codes expire after 10 minutes, as Clerk's. */
    static final long CODE_TTL_MS = 600_000L;
    /** A session lasts 7 days (Clerk's default maximum lifetime); a sign-in/up attempt is abandoned after 24 h. */
    public static final long SESSION_TTL_MS = 7L * 24 * 3600 * 1000;
    public static final long ATTEMPT_TTL_MS = 24L * 3600 * 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Client> clients = new LinkedHashMap<>();

    @Inject
    ClerkStore clerk;

    @Inject
    Passwords passwords;

    @Inject
    Outbox outbox;

    Clock clock = Clock.systemUTC();

    /** Mutable, touched only under the lock. */
    public static final class Client {
        public final String id;
        public final long createdAt;
        public long updatedAt;
        public SignIn signIn;
        public SignUp signUp;
        public final List<Session> sessions = new ArrayList<>();
        public String lastActiveSessionId;
        public String lastAuthenticationStrategy;

        Client(String id, long now) {
            this.id = id;
            this.createdAt = now;
            this.updatedAt = now;
        }
    }

    public static final class Session {
        public final String id;
        public final String userId;
        public String status = "active";
        public String activeOrganizationId;
        public final long createdAt;
        public long updatedAt;
        public long lastActiveAt;

        Session(String id, String userId, String activeOrganizationId, long now) {
            this.id = id;
            this.userId = userId;
            this.activeOrganizationId = activeOrganizationId;
            this.createdAt = now;
            this.updatedAt = now;
            this.lastActiveAt = now;
        }
    }

    /** A one-time code sent by e-mail, or a password check. */
    public static final class Verification {
        public final String strategy;
        public String status = "unverified";
        public Integer attempts;
        public Long expireAt;
        String code;

        Verification(String strategy) {
            this.strategy = strategy;
        }
    }

    public static final class SignIn {
        public final String id;
        public final long createdAt;
        public String status = "needs_identifier";
        public String identifier;
        public String userId;
        public String emailAddressId;
        public Verification firstFactor;
        public String createdSessionId;

        SignIn(String id, long now) {
            this.id = id;
            this.createdAt = now;
        }
    }

    public static final class SignUp {
        public final String id;
        public final long createdAt;
        public String status = "missing_requirements";
        public String emailAddress;
        public String firstName;
        public String lastName;
        String passwordHash;
        public Verification emailVerification;
        public String createdSessionId;
        public String createdUserId;
        public JsonNode unsafeMetadata;

        SignUp(String id, long now) {
            this.id = id;
            this.createdAt = now;
        }

        public boolean passwordEnabled() {
            return passwordHash != null;
        }
    }

    // ---------------------------------------------------------------- clients

    /** Reads a client under the lock and renders it there (the render function sees a consistent state). */
    public <T> T read(String clientId, java.util.function.Function<Optional<Client>, T> render) {
        return locked(() -> render.apply(Optional.ofNullable(clientId).map(clients::get)));
    }

    /** Runs a change on the cookie's client, creating the client when there is none, and renders the result. */
    public <T> T change(String clientId, java.util.function.Function<Client, T> work) {
        return locked(() -> {
            Client existing = clientId == null ? null : clients.get(clientId);
            Client client = existing != null ? existing : new Client(Ids.next("client"), clock.millis());
            T result = work.apply(client);
            // a new client is kept only when the call succeeded (a refused one sets no cookie)
            clients.put(client.id, client);
            client.updatedAt = clock.millis();
            return result;
        });
    }

    /** Runs a change on an existing client: none is Clerk's 404 (no client cookie, or a cleared one). */
    public <T> T changeExisting(String clientId, java.util.function.Function<Client, T> work) {
        return locked(() -> {
            Client client = clientId == null ? null : clients.get(clientId);
            if (client == null) {
                throw ClerkException.notFound("No client was found for this request.");
            }
            T result = work.apply(client);
            client.updatedAt = clock.millis();
            return result;
        });
    }

    public void reset() {
        locked(() -> {
            clients.clear();
            passwords.reset();
            return null;
        });
    }

    // ---------------------------------------------------------------- sign-up

    public SignUp createSignUp(Client client, Map<String, String> form) {
        SignUp signUp = new SignUp(Ids.next("sua"), clock.millis());
        client.signUp = signUp;
        updateSignUp(signUp, form);
        return signUp;
    }

    public SignUp updateSignUp(SignUp signUp, Map<String, String> form) {
        String email = form.get("email_address");
        if (email != null) {
            String normalized = email.trim().toLowerCase(Locale.ROOT);
            if (!normalized.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
                throw ClerkException.paramFormatInvalid("email_address", "email_address must be a valid email address.");
            }
            if (userByEmail(normalized).isPresent()) {
                throw ClerkException.identifierExists("email_address",
                        "That email address is taken. Please try another.");
            }
            signUp.emailAddress = normalized;
            signUp.emailVerification = new Verification("email_code");
        }
        String password = form.get("password");
        if (password != null) {
            Passwords.checkNew(password);
            signUp.passwordHash = Passwords.hash(password);
        }
        if (form.containsKey("first_name")) {
            signUp.firstName = blankToNull(form.get("first_name"));
        }
        if (form.containsKey("last_name")) {
            signUp.lastName = blankToNull(form.get("last_name"));
        }
        return signUp;
    }

    public SignUp signUp(Client client, String signUpId) {
        if (client.signUp == null || !client.signUp.id.equals(signUpId)) {
            throw ClerkException.notFound("No sign up attempt was found with id " + signUpId + ".");
        }
        return client.signUp;
    }

    public SignUp prepareSignUpVerification(SignUp signUp, String strategy) {
        if (!"email_code".equals(strategy)) {
            throw ClerkException.paramValueInvalid("strategy", "strategy must be email_code on this instance");
        }
        if (signUp.emailAddress == null) {
            throw ClerkException.paramMissing("email_address");
        }
        signUp.emailVerification = sendCode(signUp.emailAddress, "email_code");
        return signUp;
    }

    /** A right code completes the sign-up: the user, its password, a session made active on the client. */
    public SignUp attemptSignUpVerification(Client client, SignUp signUp, String strategy, String code) {
        Verification verification = signUp.emailVerification;
        if (!"email_code".equals(strategy) || verification == null || verification.code == null) {
            throw new ClerkException(400, "verification_missing", "Verification is missing",
                    "This verification has not been prepared: call prepare_verification first.");
        }
        check(verification, code);
        if (signUp.passwordHash == null) {
            throw ClerkException.paramMissing("password");
        }
        ObjectNode user = clerk.signUp(signUp.emailAddress, signUp.firstName, signUp.lastName);
        String userId = user.path("id").asText();
        passwords.set(userId, signUp.passwordHash);
        signUp.createdUserId = userId;
        signUp.status = "complete";
        signUp.createdSessionId = startSession(client, userId, "email_code").id;
        return signUp;
    }

    // ---------------------------------------------------------------- sign-in

    /**
     * POST /v1/client/sign_ins: with an identifier alone the attempt needs its first factor; with a password too it is
     * checked at once; with strategy reset_password_email_code the reset code is sent at once.
     */
    public SignIn createSignIn(Client client, Map<String, String> form) {
        if (client.sessions.stream().anyMatch(s -> "active".equals(s.status))) {
            // single session mode: Clerk refuses a second sign-in on the same client
            throw new ClerkException(400, "session_exists", "You're already signed in", "You're already signed in.");
        }
        SignIn signIn = new SignIn(Ids.next("sia"), clock.millis());
        client.signIn = signIn;
        String identifier = form.get("identifier");
        if (identifier == null || identifier.isBlank()) {
            return signIn;
        }
        String email = identifier.trim().toLowerCase(Locale.ROOT);
        UserState user = userByEmail(email).orElseThrow(() -> new ClerkException(422, "form_identifier_not_found",
                "Couldn't find your account.", "Couldn't find your account.", Map.of("param_name", "identifier"),
                null));
        signIn.identifier = email;
        signIn.userId = user.id();
        signIn.emailAddressId = user.primaryEmailAddressId();
        signIn.status = "needs_first_factor";
        String strategy = form.get("strategy");
        if (form.containsKey("password")) {
            return attemptFirstFactor(client, signIn, Map.of("strategy", "password", "password", form.get("password")));
        }
        if ("reset_password_email_code".equals(strategy) || "email_code".equals(strategy)) {
            return prepareFirstFactor(signIn, strategy);
        }
        return signIn;
    }

    public SignIn signIn(Client client, String signInId) {
        if (client.signIn == null || !client.signIn.id.equals(signInId)) {
            throw ClerkException.notFound("No sign in attempt was found with id " + signInId + ".");
        }
        return client.signIn;
    }

    public SignIn prepareFirstFactor(SignIn signIn, String strategy) {
        requireIdentified(signIn);
        if (!"reset_password_email_code".equals(strategy) && !"email_code".equals(strategy)) {
            throw ClerkException.paramValueInvalid("strategy", "strategy must be email_code or "
                    + "reset_password_email_code on this instance");
        }
        signIn.firstFactor = sendCode(signIn.identifier, strategy);
        signIn.status = "needs_first_factor";
        return signIn;
    }

    public SignIn attemptFirstFactor(Client client, SignIn signIn, Map<String, String> form) {
        requireIdentified(signIn);
        String strategy = form.get("strategy");
        if ("password".equals(strategy)) {
            Verification verification = new Verification("password");
            verification.attempts = null;
            signIn.firstFactor = verification;
            if (!passwords.matches(signIn.userId, form.get("password"))) {
                throw new ClerkException(422, "form_password_incorrect",
                        "Password is incorrect. Try again, or use another method.",
                        "Password is incorrect. Try again, or use another method.", Map.of("param_name", "password"),
                        null);
            }
            verification.status = "verified";
            return complete(client, signIn, "password");
        }
        Verification verification = signIn.firstFactor;
        if (strategy == null || verification == null || !strategy.equals(verification.strategy)) {
            throw new ClerkException(400, "verification_missing", "Verification is missing",
                    "This verification has not been prepared: call prepare_first_factor first.");
        }
        check(verification, form.get("code"));
        if ("reset_password_email_code".equals(strategy)) {
            String password = form.get("password");
            if (password == null) {
                signIn.status = "needs_new_password";
                return signIn;
            }
            return resetPassword(client, signIn, password);
        }
        return complete(client, signIn, strategy);
    }

    public SignIn resetPassword(Client client, SignIn signIn, String password) {
        requireIdentified(signIn);
        if (signIn.firstFactor == null || !"reset_password_email_code".equals(signIn.firstFactor.strategy)
                || !"verified".equals(signIn.firstFactor.status)) {
            throw new ClerkException(400, "verification_missing", "Verification is missing",
                    "Verify the password reset code first.");
        }
        Passwords.checkNew(password);
        passwords.set(signIn.userId, Passwords.hash(password));
        return complete(client, signIn, "reset_password_email_code");
    }

    // ---------------------------------------------------------------- sessions

    public Session session(Client client, String sessionId) {
        return client.sessions.stream().filter(s -> s.id.equals(sessionId) && "active".equals(s.status))
                .findFirst().orElseThrow(() -> ClerkException.notFound("No session was found with id " + sessionId
                        + "."));
    }

    /** Sets the session's active organization: empty or absent = the personal account; a non-member is refused. */
    public Session setActiveOrganization(Client client, Session session, String organizationId) {
        String wanted = blankToNull(organizationId);
        String active = null;
        if (wanted != null) {
            active = memberships(session.userId).stream().map(m -> m.path("organization"))
                    .filter(o -> wanted.equals(o.path("id").asText()) || wanted.equals(o.path("slug").asText()))
                    .map(o -> o.path("id").asText()).findFirst()
                    .orElseThrow(() -> new ClerkException(403, "not_a_member_in_organization", "Not a member",
                            "You are not a member of this organization."));
        }
        session.activeOrganizationId = active;
        session.lastActiveAt = clock.millis();
        session.updatedAt = session.lastActiveAt;
        client.lastActiveSessionId = session.id;
        return session;
    }

    /**
     * The organization a token of the session carries: the active one while the user is still its member (a
     * membership removed through the Backend API meanwhile leaves the personal account).
     */
    public String tokenOrganization(Session session) {
        String active = session.activeOrganizationId;
        if (active != null && memberships(session.userId).stream()
                .noneMatch(m -> active.equals(m.path("organization").path("id").asText()))) {
            session.activeOrganizationId = null;
        }
        return session.activeOrganizationId;
    }

    /** Ends the client's sessions (sign-out) and keeps the client and its cookie. */
    public void removeSessions(Client client) {
        client.sessions.forEach(s -> s.status = "removed");
        client.sessions.clear();
        client.lastActiveSessionId = null;
        client.signIn = null;
        client.signUp = null;
    }

    public void endSession(Client client, Session session, String status) {
        session.status = status;
        client.sessions.remove(session);
        if (session.id.equals(client.lastActiveSessionId)) {
            client.lastActiveSessionId = null;
        }
    }

    public void destroy(Client client) {
        removeSessions(client);
        clients.remove(client.id);
    }

    /** The user's memberships as the Backend API renders them (newest first). */
    public List<ObjectNode> memberships(String userId) {
        List<ObjectNode> out = new ArrayList<>();
        clerk.userMemberships(userId, Paging.of(500, 0)).path("data").forEach(m -> out.add((ObjectNode) m));
        return out;
    }

    /** The user, or empty when the Backend API deleted it meanwhile (its sessions then vanish from the client). */
    public Optional<UserState> user(String userId) {
        try {
            return Optional.of(clerk.userState(userId));
        } catch (ClerkException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- helpers (under the lock)

    private SignIn complete(Client client, SignIn signIn, String strategy) {
        signIn.status = "complete";
        signIn.createdSessionId = startSession(client, signIn.userId, strategy).id;
        return signIn;
    }

    private Session startSession(Client client, String userId, String strategy) {
        // the new session starts in the user's latest organization, as Clerk's last-active-organization rule does
        String organizationId = memberships(userId).stream().findFirst()
                .map(m -> m.path("organization").path("id").asText()).orElse(null);
        Session session = new Session(Ids.next("sess"), userId, organizationId, clock.millis());
        client.sessions.add(session);
        client.lastActiveSessionId = session.id;
        client.lastAuthenticationStrategy = strategy;
        return session;
    }

    private Verification sendCode(String email, String strategy) {
        Verification verification = new Verification(strategy);
        verification.code = String.format("%06d", RANDOM.nextInt(1_000_000));
        verification.attempts = 0;
        verification.expireAt = clock.millis() + CODE_TTL_MS;
        outbox.sendCode(email, strategy, verification.code);
        return verification;
    }

    private void check(Verification verification, String code) {
        if (verification.expireAt != null && clock.millis() > verification.expireAt) {
            verification.status = "expired";
            throw new ClerkException(422, "verification_expired", "Verification expired",
                    "This verification has expired. Please request a new code.", Map.of("param_name", "code"), null);
        }
        verification.attempts = verification.attempts == null ? 1 : verification.attempts + 1;
        if (code == null || code.isBlank()) {
            throw ClerkException.paramMissing("code");
        }
        if (!java.security.MessageDigest.isEqual(code.trim().getBytes(), verification.code.getBytes())) {
            throw new ClerkException(422, "form_code_incorrect", "Incorrect code", "Incorrect code",
                    Map.of("param_name", "code"), null);
        }
        verification.status = "verified";
    }

    private static void requireIdentified(SignIn signIn) {
        if (signIn.userId == null) {
            throw ClerkException.paramMissing("identifier");
        }
    }

    private Optional<UserState> userByEmail(String email) {
        return clerk.listUsers(List.of(email), List.of(), null, null, Paging.of(1, 0)).stream().findFirst()
                .map(u -> clerk.userState(u.path("id").asText()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
