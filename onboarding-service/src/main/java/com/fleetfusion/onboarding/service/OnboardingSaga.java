package com.fleetfusion.onboarding.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.onboarding.client.ClerkBackend;
import com.fleetfusion.onboarding.client.ClerkEventPublisher;
import com.fleetfusion.onboarding.client.ClerkOrganization;
import com.fleetfusion.onboarding.client.ClerkOrganizationMembership;
import com.fleetfusion.onboarding.client.ClerkUser;
import com.fleetfusion.onboarding.client.Clerked;
import com.fleetfusion.onboarding.config.OnboardingConfig;
import com.fleetfusion.onboarding.model.OnboardingRequest;
import com.fleetfusion.onboarding.model.OnboardingResponse;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.model.Slugs;
import com.fleetfusion.onboarding.store.SagaConflictException;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * The onboarding saga: create the organization in Clerk with the user as creator, make sure of the admin
 * membership, merge the user's public metadata, publish synthetic events, each step logged in the saga table.
 * A step that fails for good after the organization exists is compensated (organization deleted, metadata
 * restored). Invariant: an organization created here ends either complete (admin membership + metadata pointing
 * at it) or deleted; {@link SagaRecovery} finishes what a crash interrupted.
 */
@ApplicationScoped
public class OnboardingSaga {

    static final String ONBOARDING_COMPLETE = "onboardingComplete";
    static final String ORGANIZATION_ID = "organizationId";
    static final String ORGANIZATION_SLUG = "organizationSlug";
    static final String ROLE = "role";
    private static final List<String> METADATA_KEYS = List.of(ONBOARDING_COMPLETE, ORGANIZATION_ID,
            ORGANIZATION_SLUG, ROLE);
    private static final Logger LOG = Logger.getLogger(OnboardingSaga.class);

    @Inject
    ClerkBackend clerk;

    @Inject
    ClerkEventPublisher events;

    @Inject
    SagaStore store;

    @Inject
    OnboardingConfig config;

    @Inject
    OnboardingMetrics metrics;

    /**
     * Onboards the user, or answers as the first request did (same Idempotency-Key), or refuses: 409 when the user
     * is onboarded already or another of their onboardings outlasts this request's deadline.
     */
    public Uni<OnboardingResponse> onboard(String userId, OnboardingRequest request, String idempotencyKey) {
        return admit(userId, request, idempotencyKey, Instant.now().plus(config.deadline()));
    }

    private Uni<OnboardingResponse> admit(String userId, OnboardingRequest request, String idempotencyKey,
            Instant deadline) {
        if (Instant.now().isAfter(deadline)) {
            return Uni.createFrom().failure(new OnboardingInProgressException());
        }
        Uni<Optional<SagaRow>> sameKey = idempotencyKey == null ? Uni.createFrom().item(Optional.empty())
                : store.findByIdempotencyKey(userId, idempotencyKey);
        return sameKey.chain(first -> {
            if (first.isPresent() && first.get().state() == SagaState.COMPLETED) {
                return Uni.createFrom().item(first.get().response());
            }
            if (first.isPresent()) {
                return awaitEnd(first.get().id(), deadline)
                        .chain(() -> admit(userId, request, idempotencyKey, deadline));
            }
            return store.findCompleted(userId).chain(done -> done.isPresent()
                    ? Uni.createFrom().failure(
                            new OnboardingCompleteException(done.get().organizationId(), done.get().slug()))
                    : store.insert(SagaRow.start(userId, idempotencyKey, request))
                            .onFailure(SagaConflictException.class).recoverWithUni(conflict -> store
                                    .findActive(userId)
                                    .chain(other -> other.isPresent() ? awaitEnd(other.get().id(), deadline)
                                            : Uni.createFrom().voidItem())
                                    .replaceWith((SagaRow) null))
                            .chain(saga -> saga == null ? admit(userId, request, idempotencyKey, deadline)
                                    : drive(new SagaContext(saga), deadline)));
        });
    }

    /** Waits, polling the log, until the other saga has ended; the deadline turns the wait into a 409. */
    private Uni<Void> awaitEnd(UUID sagaId, Instant deadline) {
        return store.find(sagaId).chain(saga -> {
            if (saga.isEmpty() || !saga.get().state().active()) {
                return Uni.createFrom().voidItem();
            }
            if (Instant.now().plus(config.inFlightPoll()).isAfter(deadline)) {
                return Uni.createFrom().failure(new OnboardingInProgressException());
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(config.inFlightPoll())
                    .chain(() -> awaitEnd(sagaId, deadline));
        });
    }

    /** Runs the saga forward from its current state within the deadline; settles it when it cannot finish. */
    Uni<OnboardingResponse> drive(SagaContext ctx, Instant deadline) {
        UUID sagaId = ctx.saga.id();
        Duration remaining = Duration.between(Instant.now(), deadline);
        return forward(ctx)
                .ifNoItem().after(remaining.isNegative() || remaining.isZero() ? Duration.ofMillis(1) : remaining)
                .failWith(DeadlineExceededException::new)
                .map(done -> {
                    metrics.completed();
                    LOG.infof("onboarding saga %s completed: organization %s", sagaId, done.organizationId());
                    return done.response();
                })
                .onFailure().recoverWithUni(failure -> settle(sagaId, ctx, failure));
    }

    private Uni<SagaRow> forward(SagaContext ctx) {
        Uni<Void> step = switch (ctx.saga.state()) {
            case STARTED -> readUser(ctx).chain(() -> createOrganization(ctx));
            case ORG_CREATED -> ensureAdminMembership(ctx);
            case MEMBERSHIP_ENSURED -> completeUserMetadata(ctx);
            case METADATA_SET -> publishEvents(ctx);
            case COMPLETED -> null;
            default -> Uni.createFrom().failure(new IllegalStateException("cannot resume a saga in " + ctx.saga.state()));
        };
        return step == null ? Uni.createFrom().item(ctx.saga) : step.chain(() -> forward(ctx));
    }

    private Uni<Void> advance(SagaContext ctx, SagaRow next, String step, String detail) {
        return store.record(next, step, "ok", detail).invoke(saved -> ctx.saga = saved).replaceWithVoid();
    }

    /** Refuses a user whose Clerk metadata says onboarded; keeps the values we will overwrite, for the undo. */
    private Uni<Void> readUser(SagaContext ctx) {
        if (ctx.saga.previousMetadata() != null) {
            return Uni.createFrom().voidItem();
        }
        return clerk.getUser(ctx.saga.userId()).chain(user -> {
            Map<String, Object> metadata = user.value().publicMetadataOrEmpty();
            if (Boolean.TRUE.equals(metadata.get(ONBOARDING_COMPLETE))
                    && metadata.get(ORGANIZATION_ID) instanceof String organizationId) {
                Object slug = metadata.get(ORGANIZATION_SLUG);
                return Uni.createFrom().failure(
                        new OnboardingCompleteException(organizationId, slug instanceof String s ? s : null));
            }
            Map<String, Object> previous = new LinkedHashMap<>();
            METADATA_KEYS.forEach(key -> previous.put(key, metadata.get(key)));
            return advance(ctx, ctx.saga.withPreviousMetadata(previous), "read-user", null);
        });
    }

    private Uni<Void> createOrganization(SagaContext ctx) {
        OnboardingRequest request = ctx.saga.request();
        String base = request.slug() != null ? request.slug() : Slugs.fromName(request.organizationName());
        if (ctx.saga.slug() == null) {
            return attemptCreate(ctx, base, base, 1);
        }
        // resumed: the last attempt may have gone through before the crash
        String lastSlug = ctx.saga.slug();
        return adopt(ctx, lastSlug).chain(adopted -> adopted ? Uni.createFrom().voidItem()
                : attemptCreate(ctx, base, lastSlug, 1));
    }

    private Uni<Void> attemptCreate(SagaContext ctx, String base, String slug, int attempt) {
        SagaRow saga = ctx.saga;
        return store.record(saga.withSlug(slug), "create-organization", "attempt", slug)
                .invoke(saved -> ctx.saga = saved)
                .chain(() -> clerk.createOrganization(saga.request().organizationName(), slug, saga.userId(),
                        businessDetails(saga.request()), saga.id().toString()))
                .chain(created -> organizationCreated(ctx, created))
                .onFailure(failure -> failure instanceof ClerkApiException clerkError
                        && clerkError.hasCode("form_identifier_exists"))
                // a retried call whose first try went through also lands here: check before moving on
                .recoverWithUni(taken -> adopt(ctx, slug).chain(adopted -> {
                    if (adopted) {
                        return Uni.createFrom().voidItem();
                    }
                    if (attempt >= config.slugAttempts()) {
                        return Uni.createFrom().<Void>failure(new SlugUnavailableException(base, attempt));
                    }
                    return store.log(saga.id(), "create-organization", "slug-taken", slug)
                            .chain(() -> attemptCreate(ctx, base, Slugs.suffixed(base), attempt + 1));
                }));
    }

    /** Takes over the organization with this slug if this saga created it (creator and private marker match). */
    private Uni<Boolean> adopt(SagaContext ctx, String slug) {
        return findOrganization(slug).chain(found -> {
            if (found.isPresent() && found.get().value().createdBySaga(ctx.saga.userId(), ctx.saga.id().toString())) {
                return organizationCreated(ctx, found.get()).replaceWith(true);
            }
            return Uni.createFrom().item(false);
        });
    }

    private Uni<Optional<Clerked<ClerkOrganization>>> findOrganization(String idOrSlug) {
        return clerk.getOrganization(idOrSlug).map(Optional::of)
                .onFailure(OnboardingSaga::notFound).recoverWithItem(Optional.empty());
    }

    private Uni<Void> organizationCreated(SagaContext ctx, Clerked<ClerkOrganization> organization) {
        ctx.organization = organization;
        SagaRow next = ctx.saga.withOrganization(organization.value().id(), organization.value().slug())
                .withState(SagaState.ORG_CREATED);
        return advance(ctx, next, "create-organization", organization.value().id());
    }

    private Uni<Void> ensureAdminMembership(SagaContext ctx) {
        String organizationId = ctx.saga.organizationId();
        String userId = ctx.saga.userId();
        String admin = config.adminRole();
        return clerk.listOrganizationMemberships(organizationId, userId)
                .chain(found -> {
                    if (found.isPresent() && admin.equals(found.get().value().role())) {
                        return Uni.createFrom().item(found.get());
                    }
                    if (found.isPresent()) {
                        return clerk.updateOrganizationMembership(organizationId, userId, admin);
                    }
                    return clerk.createOrganizationMembership(organizationId, userId, admin)
                            .onFailure(failure -> failure instanceof ClerkApiException clerkError
                                    && clerkError.hasCode("already_a_member_in_organization"))
                            .recoverWithUni(member -> membershipOf(organizationId, userId));
                })
                .chain(membership -> {
                    ctx.membership = membership;
                    return advance(ctx, ctx.saga.withState(SagaState.MEMBERSHIP_ENSURED),
                            "ensure-admin-membership", membership.value().id());
                });
    }

    private Uni<Clerked<ClerkOrganizationMembership>> membershipOf(String organizationId, String userId) {
        return clerk.listOrganizationMemberships(organizationId, userId).map(found -> found.orElseThrow(
                () -> new IllegalStateException("Clerk lists no membership of the user in " + organizationId)));
    }

    /** PATCH merges: the user's other public metadata keys stay as they are. */
    private Uni<Void> completeUserMetadata(SagaContext ctx) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(ONBOARDING_COMPLETE, true);
        metadata.put(ORGANIZATION_ID, ctx.saga.organizationId());
        metadata.put(ORGANIZATION_SLUG, ctx.saga.slug());
        metadata.put(ROLE, config.adminRole());
        return clerk.updateUserMetadata(ctx.saga.userId(), metadata).chain(user -> {
            ctx.user = user;
            return advance(ctx, ctx.saga.withState(SagaState.METADATA_SET), "update-user-metadata", null);
        });
    }

    private Uni<Void> publishEvents(SagaContext ctx) {
        SagaRow saga = ctx.saga;
        Uni<Clerked<ClerkOrganization>> organization = ctx.organization != null
                ? Uni.createFrom().item(ctx.organization) : clerk.getOrganization(saga.organizationId());
        Uni<Clerked<ClerkOrganizationMembership>> membership = ctx.membership != null
                ? Uni.createFrom().item(ctx.membership) : membershipOf(saga.organizationId(), saga.userId());
        Uni<Clerked<ClerkUser>> user = ctx.user != null ? Uni.createFrom().item(ctx.user)
                : clerk.getUser(saga.userId());
        return organization.chain(events::organizationCreated)
                .chain(() -> membership).chain(events::membershipCreated)
                .chain(() -> user).chain(events::userUpdated)
                .chain(() -> advance(ctx, saga.completed(
                        OnboardingResponse.of(saga.organizationId(), saga.slug(), saga.userId())),
                        "publish-events", null));
    }

    /** After a failure: record it, compensate what exists, and fail with what the client should hear. */
    private Uni<OnboardingResponse> settle(UUID sagaId, SagaContext ctx, Throwable failure) {
        if (failure instanceof OnboardingCompleteException complete) {
            return store.record(ctx.saga.failing(SagaState.FAILED, "already-complete"), "read-user",
                    "already-complete", complete.organizationId())
                    .chain(() -> Uni.createFrom().failure(failure));
        }
        LOG.warnf("onboarding saga %s failed in %s: %s", sagaId, ctx.saga.state(), failure.toString());
        // the cancelled chain may have written a step the context did not see
        return store.find(sagaId)
                .chain(stored -> compensate(stored.orElse(ctx.saga), reasonOf(failure)))
                .onFailure().recoverWithItem(compensationFailure -> {
                    LOG.warnf("onboarding saga %s left for the recovery job: %s", sagaId,
                            compensationFailure.toString());
                    return SagaState.COMPENSATING;
                })
                .chain(ended -> Uni.createFrom().failure(answerFor(failure, ended)));
    }

    /**
     * Undoes the saga: deletes its organization (found by id, or by the slug of an answer that never came),
     * restores the user's metadata, and ends FAILED (nothing existed) or COMPENSATED.
     */
    Uni<SagaState> compensate(SagaRow saga, String reason) {
        return store.record(saga.failing(SagaState.COMPENSATING, reason), "compensate", "start", reason)
                .chain(compensating -> ourOrganization(compensating).chain(organizationId -> {
                    if (organizationId.isEmpty()) {
                        Uni<Void> orphanCheck = compensating.slug() != null
                                ? store.scheduleOrphanCheck(saga.id(), config.recovery().stuckAfter())
                                : Uni.createFrom().voidItem();
                        return orphanCheck.chain(() -> end(compensating, SagaState.FAILED, "nothing-created"));
                    }
                    return deleteOrganization(organizationId.get())
                            .chain(() -> restoreMetadata(compensating))
                            .chain(() -> end(compensating, SagaState.COMPENSATED, "undone"));
                }));
    }

    /**
     * For a saga found STARTED after a crash: takes over its organization if the last CreateOrganization went
     * through (state ORG_CREATED, to be resumed), otherwise closes it FAILED.
     */
    Uni<SagaRow> compensateOrAdopt(SagaRow saga) {
        Uni<Optional<Clerked<ClerkOrganization>>> found = saga.slug() == null
                ? Uni.createFrom().item(Optional.empty()) : findOrganization(saga.slug());
        return found.chain(organization -> {
            if (organization.isPresent()
                    && organization.get().value().createdBySaga(saga.userId(), saga.id().toString())) {
                SagaRow adopted = saga.withOrganization(organization.get().value().id(),
                        organization.get().value().slug()).withState(SagaState.ORG_CREATED);
                return store.record(adopted, "recover", "adopted", adopted.organizationId());
            }
            return end(saga, SagaState.FAILED, "abandoned").replaceWith(saga.withState(SagaState.FAILED));
        });
    }

    /**
     * For an ended saga that never learned its organization id: deletes the organization a late
     * CreateOrganization may have created anyway. Metadata is left alone: it never pointed at that organization.
     */
    Uni<Boolean> deleteOrphan(SagaRow ended) {
        if (ended.slug() == null || ended.organizationId() != null || ended.state().active()) {
            return Uni.createFrom().item(false);
        }
        return findOrganization(ended.slug()).chain(found -> found
                .filter(org -> org.value().createdBySaga(ended.userId(), ended.id().toString()))
                .map(org -> deleteOrganization(org.value().id()).replaceWith(true))
                .orElse(Uni.createFrom().item(false)));
    }

    private Uni<SagaState> end(SagaRow saga, SagaState state, String outcome) {
        return store.record(saga.withState(state), "compensate", outcome, saga.organizationId())
                .invoke(() -> {
                    if (state == SagaState.COMPENSATED) {
                        metrics.compensated();
                    } else {
                        metrics.failed();
                    }
                })
                .replaceWith(state);
    }

    private Uni<Optional<String>> ourOrganization(SagaRow saga) {
        if (saga.organizationId() != null) {
            return Uni.createFrom().item(Optional.of(saga.organizationId()));
        }
        if (saga.slug() == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return findOrganization(saga.slug()).map(found -> found
                .filter(org -> org.value().createdBySaga(saga.userId(), saga.id().toString()))
                .map(org -> org.value().id()));
    }

    /** Deleting also removes the memberships; a 404 means an earlier try already did it. */
    Uni<Void> deleteOrganization(String organizationId) {
        return clerk.deleteOrganization(organizationId)
                .call(deleted -> events.organizationDeleted(deleted)
                        .onFailure().invoke(failure -> LOG.warnf(
                                "organization.deleted event for %s not published (Clerk's webhook will tell): %s",
                                organizationId, failure.toString()))
                        .onFailure().recoverWithNull())
                .replaceWithVoid()
                .onFailure(OnboardingSaga::notFound).recoverWithNull();
    }

    /** Puts back the values our keys had before (null removes a key that did not exist). */
    Uni<Void> restoreMetadata(SagaRow saga) {
        if (saga.previousMetadata() == null) {
            return Uni.createFrom().voidItem();
        }
        return clerk.updateUserMetadata(saga.userId(), saga.previousMetadata())
                .call(user -> events.userUpdated(user)
                        .onFailure().invoke(failure -> LOG.warnf("user.updated event for %s not published: %s",
                                saga.userId(), failure.toString()))
                        .onFailure().recoverWithNull())
                .replaceWithVoid()
                .onFailure(OnboardingSaga::notFound).recoverWithNull();
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof ClerkApiException clerkError && clerkError.status() == 404;
    }

    private static String reasonOf(Throwable failure) {
        if (failure instanceof ClerkApiException clerkError) {
            return clerkError.getMessage();
        }
        return failure.getClass().getSimpleName();
    }

    private static RuntimeException answerFor(Throwable failure, SagaState ended) {
        if (failure instanceof SlugUnavailableException slugTaken) {
            return slugTaken;
        }
        boolean compensated = ended == SagaState.COMPENSATED;
        boolean refused = failure instanceof ClerkApiException && !(failure instanceof ClerkUnavailableException);
        boolean unavailable = failure instanceof ClerkUnavailableException || failure instanceof TimeoutException
                || failure instanceof CircuitBreakerOpenException || failure instanceof DeadlineExceededException;
        String what = refused ? "Clerk refused a step of the onboarding"
                : unavailable ? "Clerk did not answer in time" : "the onboarding could not finish";
        String cleanup = switch (ended) {
            case COMPENSATED -> "what had been created was undone";
            case FAILED -> "nothing was created";
            default -> "the partial result will be cleaned up shortly";
        };
        return new OnboardingFailedException(refused ? 502 : 503, compensated,
                what + "; " + cleanup + ". You may retry.", failure);
    }

    /** The business details that go into the organization's public metadata (absent fields left out). */
    static Map<String, Object> businessDetails(OnboardingRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        putIfPresent(details, "legalName", request.legalName());
        putIfPresent(details, "usdotNumber", request.usdotNumber());
        putIfPresent(details, "fleetSize", request.fleetSize());
        putIfPresent(details, "contactPhone", request.contactPhone());
        if (request.address() != null) {
            Map<String, Object> address = new LinkedHashMap<>();
            putIfPresent(address, "line1", request.address().line1());
            putIfPresent(address, "line2", request.address().line2());
            putIfPresent(address, "city", request.address().city());
            putIfPresent(address, "region", request.address().region());
            putIfPresent(address, "postalCode", request.address().postalCode());
            putIfPresent(address, "country", request.address().country());
            details.put("address", address);
        }
        return details;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
