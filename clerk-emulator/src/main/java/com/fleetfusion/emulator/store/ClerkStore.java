package com.fleetfusion.emulator.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.emulator.model.MembershipState;
import com.fleetfusion.emulator.model.OrganizationState;
import com.fleetfusion.emulator.model.UserState;
import com.fleetfusion.emulator.model.UserState.EmailAddressState;
import com.fleetfusion.emulator.service.ClerkException;
import com.fleetfusion.emulator.service.ClerkObjects;
import com.fleetfusion.emulator.service.ControlApiException;
import com.fleetfusion.emulator.service.EventSink;
import com.fleetfusion.emulator.service.Ids;
import com.fleetfusion.emulator.service.Metadata;
import com.fleetfusion.emulator.service.Paging;
import com.fleetfusion.emulator.service.Roles;

/**
 * The instance's users, organizations and memberships, in memory. One lock serialises every change, so that a change
 * and its webhook event are one step (events leave in the order the changes happened; Svix then reorders them as it
 * likes). The work under the lock is a few map operations: no I/O.
 */
@ApplicationScoped
public class ClerkStore {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(?:-[a-z0-9]+)*$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final ReentrantLock lock = new ReentrantLock();
    // insertion order = creation order; lists answer newest first as Clerk does
    private final Map<String, UserState> users = new LinkedHashMap<>();
    private final Map<String, OrganizationState> organizations = new LinkedHashMap<>();
    private final Map<String, MembershipState> memberships = new LinkedHashMap<>();

    @Inject
    EventSink events;

    Clock clock = Clock.systemUTC();

    // ---------------------------------------------------------------- users

    public ObjectNode signUp(String email, String firstName, String lastName) {
        return locked(() -> {
            UserState user = newUser(List.of(email), firstName, lastName, null, null, Metadata.empty(),
                    Metadata.empty(), Metadata.empty(), true);
            return userCreated(user);
        });
    }

    public ObjectNode createUser(List<String> emails, String firstName, String lastName, String username,
            String externalId, ObjectNode publicMetadata, ObjectNode privateMetadata, ObjectNode unsafeMetadata) {
        return locked(() -> {
            UserState user = newUser(emails, firstName, lastName, username, externalId,
                    orEmpty(publicMetadata), orEmpty(privateMetadata), orEmpty(unsafeMetadata), false);
            return userCreated(user);
        });
    }

    private ObjectNode userCreated(UserState user) {
        users.put(user.id(), user);
        ObjectNode json = ClerkObjects.user(user);
        events.emit("user.created", json.deepCopy());
        return json;
    }

    private UserState newUser(List<String> emails, String firstName, String lastName, String username,
            String externalId, ObjectNode publicMetadata, ObjectNode privateMetadata, ObjectNode unsafeMetadata,
            boolean viaSignUp) {
        long now = clock.millis();
        List<EmailAddressState> addresses = new ArrayList<>();
        for (String raw : emails) {
            String email = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (!EMAIL.matcher(email).matches()) {
                throw ClerkException.paramFormatInvalid("email_address", "email_address must be a valid email address.");
            }
            boolean taken = users.values().stream()
                    .anyMatch(u -> u.emailAddresses().stream().anyMatch(e -> e.email().equals(email)))
                    || addresses.stream().anyMatch(e -> e.email().equals(email));
            if (taken) {
                throw ClerkException.identifierExists("email_address",
                        "That email address is taken. Please try another.");
            }
            addresses.add(new EmailAddressState(Ids.next("idn"), email, viaSignUp, now, now));
        }
        if (username != null && users.values().stream().anyMatch(u -> username.equals(u.username()))) {
            throw ClerkException.identifierExists("username", "That username is taken. Please try another.");
        }
        String primary = addresses.isEmpty() ? null : addresses.get(0).id();
        return new UserState(Ids.next("user"), externalId, username, firstName, lastName, addresses, primary,
                publicMetadata, privateMetadata, unsafeMetadata, Ids.next("sess"), viaSignUp, now, now);
    }

    public ObjectNode getUser(String userId) {
        return locked(() -> ClerkObjects.user(user(userId)));
    }

    public UserState userState(String userId) {
        return locked(() -> user(userId));
    }

    /** GET /v1/users: Clerk answers a bare array here (User.List), newest first. */
    public List<ObjectNode> listUsers(List<String> emailAddresses, List<String> userIds, String query,
            String orderBy, Paging paging) {
        return locked(() -> {
            List<UserState> all = new ArrayList<>(users.values().stream()
                    .filter(userFilter(emailAddresses, userIds, query)).toList());
            order(all, orderBy, UserState::createdAt, UserState::updatedAt);
            return paging.page(all).stream().map(ClerkObjects::user).toList();
        });
    }

    /** GET /v1/users/count: how many users the same filters as GetUserList select. */
    public long countUsers(List<String> emailAddresses, List<String> userIds, String query) {
        return locked(() -> users.values().stream().filter(userFilter(emailAddresses, userIds, query)).count());
    }

    private static Predicate<UserState> userFilter(List<String> emailAddresses, List<String> userIds,
            String query) {
        Predicate<UserState> filter = u -> true;
        if (!emailAddresses.isEmpty()) {
            List<String> wanted = emailAddresses.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
            filter = filter.and(u -> u.emailAddresses().stream().anyMatch(e -> wanted.contains(e.email())));
        }
        if (!userIds.isEmpty()) {
            filter = filter.and(u -> userIds.contains(u.id()));
        }
        if (query != null && !query.isBlank()) {
            String q = query.toLowerCase(Locale.ROOT);
            filter = filter.and(u -> contains(u.firstName(), q) || contains(u.lastName(), q)
                    || contains(u.username(), q) || contains(u.id(), q)
                    || u.emailAddresses().stream().anyMatch(e -> e.email().contains(q)));
        }
        return filter;
    }

    public ObjectNode deleteUser(String userId) {
        return locked(() -> {
            UserState user = user(userId);
            users.remove(userId);
            // Clerk removes the user's memberships with the user
            memberships.values().removeIf(m -> m.userId().equals(userId));
            ObjectNode deleted = ClerkObjects.deleted("user", userId, null, user.externalId());
            events.emit("user.deleted", deleted.deepCopy());
            return deleted;
        });
    }

    public ObjectNode updateUserMetadata(String userId, ObjectNode publicMetadata, ObjectNode privateMetadata,
            ObjectNode unsafeMetadata, boolean replace) {
        return locked(() -> {
            UserState user = user(userId);
            UserState updated = user.withMetadata(
                    apply(user.publicMetadata(), publicMetadata, replace),
                    apply(user.privateMetadata(), privateMetadata, replace),
                    apply(user.unsafeMetadata(), unsafeMetadata, replace), clock.millis());
            users.put(userId, updated);
            ObjectNode json = ClerkObjects.user(updated);
            events.emit("user.updated", json.deepCopy());
            return json;
        });
    }

    // ---------------------------------------------------------------- organizations

    public ObjectNode createOrganization(String name, String slug, String createdBy, ObjectNode publicMetadata,
            ObjectNode privateMetadata, Integer maxAllowedMemberships) {
        return locked(() -> {
            checkName(name);
            if (maxAllowedMemberships != null && maxAllowedMemberships < 0) {
                throw ClerkException.paramValueInvalid("max_allowed_memberships",
                        "max_allowed_memberships must be greater than or equal to 0");
            }
            UserState creator = null;
            if (createdBy != null) {
                creator = users.get(createdBy);
                if (creator == null) {
                    throw new ClerkException(400, "organization_creator_not_found",
                            "Organization creator not found",
                            "No user was found with id " + createdBy + " to create the organization.");
                }
            }
            String finalSlug = slug == null ? freeSlugFrom(name) : checkSlug(slug, null);
            long now = clock.millis();
            OrganizationState org = new OrganizationState(Ids.next("org"), name, finalSlug, createdBy,
                    orEmpty(publicMetadata), orEmpty(privateMetadata),
                    maxAllowedMemberships == null ? 0 : maxAllowedMemberships, true, now, now);
            organizations.put(org.id(), org);
            MembershipState creatorMembership = null;
            if (creator != null) {
                // the creator becomes the organization's admin (Clerk's Creator role)
                creatorMembership = new MembershipState(Ids.next("orgmem"), org.id(), creator.id(), Roles.ADMIN,
                        Metadata.empty(), Metadata.empty(), now, now);
                memberships.put(creatorMembership.id(), creatorMembership);
            }
            ObjectNode json = orgJson(org);
            events.emit("organization.created", json.deepCopy());
            if (creatorMembership != null) {
                events.emit("organizationMembership.created", membershipJson(creatorMembership));
            }
            return json;
        });
    }

    public ObjectNode getOrganization(String idOrSlug) {
        return locked(() -> orgJson(organization(idOrSlug)));
    }

    public ObjectNode listOrganizations(String query, List<String> userIds, List<String> organizationIds,
            String orderBy, Paging paging) {
        return locked(() -> {
            Predicate<OrganizationState> filter = o -> true;
            if (query != null && !query.isBlank()) {
                String q = query.toLowerCase(Locale.ROOT);
                filter = filter.and(o -> contains(o.name(), q) || contains(o.slug(), q) || contains(o.id(), q));
            }
            if (!userIds.isEmpty()) {
                filter = filter.and(o -> memberships.values().stream()
                        .anyMatch(m -> m.organizationId().equals(o.id()) && includes(userIds, m.userId())));
            }
            if (!organizationIds.isEmpty()) {
                filter = filter.and(o -> includes(organizationIds, o.id()));
            }
            List<OrganizationState> all = new ArrayList<>(organizations.values().stream().filter(filter).toList());
            order(all, orderBy, OrganizationState::createdAt, OrganizationState::updatedAt);
            return ClerkObjects.list(paging.page(all).stream().map(this::orgJson).toList(), all.size());
        });
    }

    public ObjectNode updateOrganization(String idOrSlug, String name, String slug, Integer maxAllowedMemberships,
            Boolean adminDeleteEnabled) {
        return locked(() -> {
            OrganizationState org = organization(idOrSlug);
            if (name != null) {
                checkName(name);
            }
            String newSlug = slug == null ? org.slug() : checkSlug(slug, org.id());
            OrganizationState updated = new OrganizationState(org.id(), name == null ? org.name() : name, newSlug,
                    org.createdBy(), org.publicMetadata(), org.privateMetadata(),
                    maxAllowedMemberships == null ? org.maxAllowedMemberships() : maxAllowedMemberships,
                    adminDeleteEnabled == null ? org.adminDeleteEnabled() : adminDeleteEnabled, org.createdAt(),
                    clock.millis());
            organizations.put(org.id(), updated);
            ObjectNode json = orgJson(updated);
            events.emit("organization.updated", json.deepCopy());
            return json;
        });
    }

    public ObjectNode updateOrganizationMetadata(String idOrSlug, ObjectNode publicMetadata,
            ObjectNode privateMetadata, boolean replace) {
        return locked(() -> {
            OrganizationState org = organization(idOrSlug);
            OrganizationState updated = org.withMetadata(apply(org.publicMetadata(), publicMetadata, replace),
                    apply(org.privateMetadata(), privateMetadata, replace), clock.millis());
            organizations.put(org.id(), updated);
            ObjectNode json = orgJson(updated);
            events.emit("organization.updated", json.deepCopy());
            return json;
        });
    }

    public ObjectNode deleteOrganization(String idOrSlug) {
        return locked(() -> {
            OrganizationState org = organization(idOrSlug);
            organizations.remove(org.id());
            // deleting an organization deletes its memberships (BAPI spec); Clerk sends no per-member event for it
            memberships.values().removeIf(m -> m.organizationId().equals(org.id()));
            ObjectNode deleted = ClerkObjects.deleted("organization", org.id(), org.slug(), null);
            events.emit("organization.deleted", deleted.deepCopy());
            return deleted;
        });
    }

    // ---------------------------------------------------------------- memberships

    public ObjectNode createMembership(String orgIdOrSlug, String userId, String role, ObjectNode publicMetadata,
            ObjectNode privateMetadata) {
        return locked(() -> {
            OrganizationState org = organization(orgIdOrSlug);
            checkRole(role);
            UserState user = user(userId);
            if (findMembership(org.id(), userId).isPresent()) {
                throw new ClerkException(400, "already_a_member_in_organization", "Already a member",
                        "User is already a member of the organization.", Map.of(), null);
            }
            long count = memberships.values().stream().filter(m -> m.organizationId().equals(org.id())).count();
            if (org.maxAllowedMemberships() > 0 && count >= org.maxAllowedMemberships()) {
                throw new ClerkException(403, "organization_membership_quota_exceeded",
                        "Membership quota exceeded",
                        "You have reached your limit of " + org.maxAllowedMemberships()
                                + " organization memberships, including outstanding invitations.");
            }
            long now = clock.millis();
            MembershipState membership = new MembershipState(Ids.next("orgmem"), org.id(), user.id(), role,
                    orEmpty(publicMetadata), orEmpty(privateMetadata), now, now);
            memberships.put(membership.id(), membership);
            ObjectNode json = membershipJson(membership);
            events.emit("organizationMembership.created", json.deepCopy());
            return json;
        });
    }

    public ObjectNode listMemberships(String orgIdOrSlug, List<String> userIds, List<String> emailAddresses,
            List<String> roles, String query, String orderBy, Paging paging) {
        return locked(() -> {
            OrganizationState org = organization(orgIdOrSlug);
            Predicate<MembershipState> filter = m -> m.organizationId().equals(org.id());
            if (!userIds.isEmpty()) {
                filter = filter.and(m -> includes(userIds, m.userId()));
            }
            if (!emailAddresses.isEmpty()) {
                List<String> wanted = emailAddresses.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
                filter = filter.and(m -> users.get(m.userId()).emailAddresses().stream()
                        .anyMatch(e -> wanted.contains(e.email())));
            }
            if (!roles.isEmpty()) {
                filter = filter.and(m -> roles.contains(m.role()));
            }
            if (query != null && !query.isBlank()) {
                String q = query.toLowerCase(Locale.ROOT);
                filter = filter.and(m -> {
                    UserState u = users.get(m.userId());
                    return contains(u.firstName(), q) || contains(u.lastName(), q) || contains(u.username(), q)
                            || contains(u.id(), q) || u.emailAddresses().stream().anyMatch(e -> e.email().contains(q));
                });
            }
            return membershipList(filter, orderBy, paging);
        });
    }

    public ObjectNode userMemberships(String userId, Paging paging) {
        return locked(() -> {
            user(userId);
            return membershipList(m -> m.userId().equals(userId), null, paging);
        });
    }

    public ObjectNode allMemberships(String orderBy, Paging paging) {
        return locked(() -> membershipList(m -> true, orderBy, paging));
    }

    private ObjectNode membershipList(Predicate<MembershipState> filter, String orderBy, Paging paging) {
        List<MembershipState> all = new ArrayList<>(memberships.values().stream().filter(filter).toList());
        order(all, orderBy, MembershipState::createdAt, MembershipState::updatedAt);
        return ClerkObjects.list(paging.page(all).stream().map(this::membershipJson).toList(), all.size());
    }

    public ObjectNode updateMembership(String orgIdOrSlug, String userId, String role) {
        return locked(() -> {
            OrganizationState org = organization(orgIdOrSlug);
            checkRole(role);
            MembershipState membership = membership(org.id(), userId);
            MembershipState updated = membership.withRole(role, clock.millis());
            memberships.put(updated.id(), updated);
            ObjectNode json = membershipJson(updated);
            events.emit("organizationMembership.updated", json.deepCopy());
            return json;
        });
    }

    public ObjectNode updateMembershipMetadata(String orgIdOrSlug, String userId, ObjectNode publicMetadata,
            ObjectNode privateMetadata) {
        return locked(() -> {
            OrganizationState org = organization(orgIdOrSlug);
            MembershipState membership = membership(org.id(), userId);
            MembershipState updated = membership.withMetadata(
                    apply(membership.publicMetadata(), publicMetadata, false),
                    apply(membership.privateMetadata(), privateMetadata, false), clock.millis());
            memberships.put(updated.id(), updated);
            ObjectNode json = membershipJson(updated);
            events.emit("organizationMembership.updated", json.deepCopy());
            return json;
        });
    }

    public ObjectNode deleteMembership(String orgIdOrSlug, String userId) {
        return locked(() -> {
            OrganizationState org = organization(orgIdOrSlug);
            MembershipState membership = membership(org.id(), userId);
            memberships.remove(membership.id());
            // the removed membership, as it was (its organization now counts one member less)
            ObjectNode json = membershipJson(membership);
            events.emit("organizationMembership.deleted", json.deepCopy());
            return json;
        });
    }

    /** The session's active organization: the one asked for, else the user's latest membership. */
    public Optional<ActiveOrganization> activeOrganization(String userId, String organizationId) {
        return locked(() -> {
            user(userId);
            if (organizationId != null) {
                OrganizationState org = organization(organizationId);
                MembershipState membership = findMembership(org.id(), userId).orElseThrow(() ->
                        new ControlApiException("the user is not a member of the organization"));
                return Optional.of(new ActiveOrganization(org, membership));
            }
            return memberships.values().stream().filter(m -> m.userId().equals(userId))
                    .reduce((first, second) -> second)
                    .map(m -> new ActiveOrganization(organizations.get(m.organizationId()), m));
        });
    }

    public record ActiveOrganization(OrganizationState organization, MembershipState membership) {
    }

    public void reset() {
        locked(() -> {
            users.clear();
            organizations.clear();
            memberships.clear();
            return null;
        });
    }

    // ---------------------------------------------------------------- helpers (called under the lock)

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private UserState user(String userId) {
        UserState user = userId == null ? null : users.get(userId);
        if (user == null) {
            throw ClerkException.userNotFound(userId);
        }
        return user;
    }

    private OrganizationState organization(String idOrSlug) {
        OrganizationState org = organizations.get(idOrSlug);
        if (org == null) {
            org = organizations.values().stream().filter(o -> o.slug().equals(idOrSlug)).findFirst().orElse(null);
        }
        if (org == null) {
            throw ClerkException.organizationNotFound();
        }
        return org;
    }

    private Optional<MembershipState> findMembership(String orgId, String userId) {
        return memberships.values().stream()
                .filter(m -> m.organizationId().equals(orgId) && m.userId().equals(userId)).findFirst();
    }

    private MembershipState membership(String orgId, String userId) {
        return findMembership(orgId, userId).orElseThrow(() ->
                ClerkException.notFound("No organization membership was found for user " + userId + "."));
    }

    private ObjectNode orgJson(OrganizationState org) {
        int count = (int) memberships.values().stream().filter(m -> m.organizationId().equals(org.id())).count();
        return ClerkObjects.organization(org, count);
    }

    private ObjectNode membershipJson(MembershipState membership) {
        OrganizationState org = organizations.get(membership.organizationId());
        return ClerkObjects.membership(membership, orgJson(org), users.get(membership.userId()));
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw ClerkException.paramMissing("name");
        }
        if (name.length() > 256) {
            throw ClerkException.paramFormatInvalid("name", "name must be at most 256 characters long");
        }
        if (name.contains("<") || name.contains("://")) {
            throw ClerkException.paramFormatInvalid("name", "name may not contain URLs or HTML");
        }
    }

    private String checkSlug(String slug, String ownerId) {
        if (!SLUG.matcher(slug).matches()) {
            throw ClerkException.paramFormatInvalid("slug",
                    "slug can contain only lowercase alphanumeric characters and the dash \"-\"");
        }
        boolean taken = organizations.values().stream()
                .anyMatch(o -> o.slug().equals(slug) && !o.id().equals(ownerId));
        if (taken) {
            throw ClerkException.identifierExists("slug", "That slug is taken. Please try another.");
        }
        return slug;
    }

    /** Clerk derives a slug from the name when none is given, and keeps it unique. */
    private String freeSlugFrom(String name) {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (base.isEmpty()) {
            base = "organization";
        }
        String slug = base;
        while (true) {
            String candidate = slug;
            if (organizations.values().stream().noneMatch(o -> o.slug().equals(candidate))) {
                return candidate;
            }
            slug = base + "-" + Ids.random(6).toLowerCase(Locale.ROOT);
        }
    }

    private static void checkRole(String role) {
        if (role == null || role.isBlank()) {
            throw ClerkException.paramMissing("role");
        }
        if (!Roles.exists(role)) {
            throw ClerkException.paramValueInvalid("role", "role must be one of the instance's roles: "
                    + Roles.ADMIN + ", " + Roles.MEMBER);
        }
    }

    private static ObjectNode apply(ObjectNode current, ObjectNode given, boolean replace) {
        if (given == null) {
            return current;
        }
        return replace ? Metadata.deepMerge(Metadata.empty(), given) : Metadata.deepMerge(current, given);
    }

    private static ObjectNode orEmpty(ObjectNode metadata) {
        return metadata == null ? Metadata.empty() : Metadata.deepMerge(Metadata.empty(), metadata);
    }

    private static boolean contains(String value, String lowerQuery) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(lowerQuery);
    }

    /** Clerk's id filters: "+id" or "id" includes, "-id" excludes. */
    private static boolean includes(List<String> filters, String id) {
        boolean anyInclude = filters.stream().anyMatch(f -> !f.startsWith("-"));
        if (filters.contains("-" + id)) {
            return false;
        }
        return !anyInclude || filters.contains(id) || filters.contains("+" + id);
    }

    /** created_at / updated_at, ascending with "+" or no sign, descending with "-"; default newest first. */
    private static <T> void order(List<T> items, String orderBy, java.util.function.ToLongFunction<T> createdAt,
            java.util.function.ToLongFunction<T> updatedAt) {
        String spec = orderBy == null || orderBy.isBlank() ? "-created_at" : orderBy;
        boolean descending = spec.startsWith("-");
        String field = spec.replaceFirst("^[+-]", "");
        java.util.function.ToLongFunction<T> key = "updated_at".equals(field) ? updatedAt : createdAt;
        // stable sort over creation order: equal timestamps keep creation order, reversed when descending
        if (descending) {
            java.util.Collections.reverse(items);
            items.sort(Comparator.comparingLong(key).reversed());
        } else {
            items.sort(Comparator.comparingLong(key));
        }
    }
}
