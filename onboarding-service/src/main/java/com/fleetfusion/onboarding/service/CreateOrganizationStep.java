package com.fleetfusion.onboarding.service;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.onboarding.client.ClerkBackend;
import com.fleetfusion.onboarding.client.ClerkEventPublisher;
import com.fleetfusion.onboarding.client.ClerkOrganization;
import com.fleetfusion.onboarding.client.Clerked;
import com.fleetfusion.onboarding.client.OnboardingMetadata;
import com.fleetfusion.onboarding.config.OnboardingConfig;
import com.fleetfusion.onboarding.model.OnboardingRequest;
import com.fleetfusion.onboarding.model.SagaRow;
import com.fleetfusion.onboarding.model.SagaState;
import com.fleetfusion.onboarding.model.Slugs;
import com.fleetfusion.onboarding.store.SagaStore;

import io.smallrye.mutiny.Uni;

/**
 * CreateOrganization with the user as creator, the business details as public metadata and the saga's private
 * marker; records each slug tried before the call (so that a crash leaves it known) and ORG_CREATED with the
 * organization. A taken slug is first checked to be not our own (a retried call whose first try went through), then
 * suffixed, up to {@code onboarding.slug-attempts}. Its undo deletes the organization (memberships go with it),
 * found by id or, when the answer never came, by slug and marker; none found, an ended saga gets one orphan check
 * later.
 */
@Singleton
class CreateOrganizationStep implements SagaStep {

    private static final Logger LOG = Logger.getLogger(CreateOrganizationStep.class);

    private final ClerkBackend clerk;
    private final ClerkEventPublisher events;
    private final SagaStore store;
    private final OnboardingConfig config;

    @Inject
    CreateOrganizationStep(ClerkBackend clerk, ClerkEventPublisher events, SagaStore store, OnboardingConfig config) {
        this.clerk = clerk;
        this.events = events;
        this.store = store;
        this.config = config;
    }

    @Override
    public String name() {
        return "create-organization";
    }

    @Override
    public SagaState runsIn() {
        return SagaState.STARTED;
    }

    @Override
    public Uni<SagaRun> run(SagaRun run) {
        OnboardingRequest request = run.saga().request();
        String base = request.slug() != null ? request.slug() : Slugs.fromName(request.organizationName());
        String lastSlug = run.saga().slug();
        if (lastSlug == null) {
            return attempt(run, base, base, 1);
        }
        // resumed: the last attempt may have gone through before the crash
        return adopt(run, lastSlug).chain(adopted -> adopted.isPresent() ? Uni.createFrom().item(adopted.get())
                : attempt(run, base, lastSlug, 1));
    }

    private Uni<SagaRun> attempt(SagaRun run, String base, String slug, int attempt) {
        SagaRow saga = run.saga();
        return store.record(saga.withSlug(slug), name(), "attempt", slug).map(run::withSaga)
                .chain(trying -> clerk.createOrganization(saga.request().organizationName(), slug, saga.userId(),
                        OnboardingMetadata.organizationMetadata(saga.request()), saga.id().toString())
                        .chain(created -> created(trying, created))
                        .onFailure(CreateOrganizationStep::slugTaken)
                        // a retried call whose first try went through also lands here: check before moving on
                        .recoverWithUni(taken -> adopt(trying, slug).chain(adopted -> {
                            if (adopted.isPresent()) {
                                return Uni.createFrom().item(adopted.get());
                            }
                            if (attempt >= config.slugAttempts()) {
                                return Uni.createFrom().failure(new SlugUnavailableException(base, attempt));
                            }
                            return store.log(saga.id(), name(), "slug-taken", slug)
                                    .chain(() -> attempt(trying, base, Slugs.suffixed(base), attempt + 1));
                        })));
    }

    private static boolean slugTaken(Throwable failure) {
        return failure instanceof ClerkApiException clerkError && clerkError.hasCode("form_identifier_exists");
    }

    /** Takes over the organization with this slug if this saga created it (creator and private marker match). */
    private Uni<Optional<SagaRun>> adopt(SagaRun run, String slug) {
        return ours(run.saga(), slug).chain(found -> found.isPresent()
                ? created(run, found.get()).map(Optional::of)
                : Uni.createFrom().item(Optional.empty()));
    }

    private Uni<SagaRun> created(SagaRun run, Clerked<ClerkOrganization> organization) {
        SagaRow next = run.saga().withOrganization(organization.value().id(), organization.value().slug())
                .withState(SagaState.ORG_CREATED);
        return store.record(next, name(), "ok", organization.value().id())
                .map(recorded -> run.withOrganization(recorded, organization));
    }

    @Override
    public Uni<SagaUndo> undo(SagaUndo undo) {
        SagaRow saga = undo.saga();
        Uni<Optional<String>> organizationId = saga.organizationId() != null
                ? Uni.createFrom().item(Optional.of(saga.organizationId()))
                : ours(saga, saga.slug()).map(found -> found.map(org -> org.value().id()));
        return organizationId.chain(found -> {
            if (found.isPresent()) {
                return deleteOrganization(found.get()).replaceWith(undo.withUndone());
            }
            Uni<Void> orphanCheck = saga.slug() != null
                    ? store.scheduleOrphanCheck(saga.id(), config.recovery().stuckAfter())
                    : Uni.createFrom().voidItem();
            return orphanCheck.replaceWith(undo);
        });
    }

    /**
     * For a saga found STARTED after a crash: its row at ORG_CREATED (recorded) when the last CreateOrganization
     * went through, to be resumed; empty otherwise.
     */
    Uni<Optional<SagaRow>> adoptAfterCrash(SagaRow saga) {
        return ours(saga, saga.slug()).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<SagaRow>empty());
            }
            SagaRow adopted = saga.withOrganization(found.get().value().id(), found.get().value().slug())
                    .withState(SagaState.ORG_CREATED);
            return store.record(adopted, "recover", "adopted", adopted.organizationId()).map(Optional::of);
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
        return ours(ended, ended.slug()).chain(found -> found
                .map(org -> deleteOrganization(org.value().id()).replaceWith(true))
                .orElse(Uni.createFrom().item(false)));
    }

    /** The organization with this slug, if this saga created it. */
    private Uni<Optional<Clerked<ClerkOrganization>>> ours(SagaRow saga, String slug) {
        if (slug == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return clerk.getOrganization(slug).map(Optional::of)
                .onFailure(SagaStep::notFound).recoverWithItem(Optional.empty())
                .map(found -> found.filter(org -> org.value().createdBySaga(saga.userId(), saga.id().toString())));
    }

    /** Deleting also removes the memberships; a 404 means an earlier try already did it. */
    private Uni<Void> deleteOrganization(String organizationId) {
        return clerk.deleteOrganization(organizationId)
                .call(deleted -> SagaStep.bestEffort(events.organizationDeleted(deleted), LOG,
                        "organization.deleted event for " + organizationId))
                .replaceWithVoid()
                .onFailure(SagaStep::notFound).recoverWithNull();
    }
}
