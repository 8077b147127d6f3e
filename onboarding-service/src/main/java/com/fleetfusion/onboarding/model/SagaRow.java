package com.fleetfusion.onboarding.model;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** One onboarding saga as the log stores it. */
public record SagaRow(
        UUID id,
        String userId,
        String idempotencyKey,
        SagaState state,
        OnboardingRequest request,
        String slug,
        String organizationId,
        Map<String, Object> previousMetadata,
        OnboardingResponse response,
        String failure,
        OffsetDateTime updatedAt) {

    public static SagaRow start(String userId, String idempotencyKey, OnboardingRequest request) {
        return new SagaRow(UUID.randomUUID(), userId, idempotencyKey, SagaState.STARTED, request, null, null, null,
                null, null, null);
    }

    public SagaRow withState(SagaState newState) {
        return new SagaRow(id, userId, idempotencyKey, newState, request, slug, organizationId, previousMetadata,
                response, failure, updatedAt);
    }

    public SagaRow withSlug(String newSlug) {
        return new SagaRow(id, userId, idempotencyKey, state, request, newSlug, organizationId, previousMetadata,
                response, failure, updatedAt);
    }

    public SagaRow withOrganization(String newOrganizationId, String newSlug) {
        return new SagaRow(id, userId, idempotencyKey, state, request, newSlug, newOrganizationId, previousMetadata,
                response, failure, updatedAt);
    }

    public SagaRow withPreviousMetadata(Map<String, Object> metadata) {
        return new SagaRow(id, userId, idempotencyKey, state, request, slug, organizationId, metadata, response,
                failure, updatedAt);
    }

    public SagaRow completed(OnboardingResponse answer) {
        return new SagaRow(id, userId, idempotencyKey, SagaState.COMPLETED, request, slug, organizationId,
                previousMetadata, answer, null, updatedAt);
    }

    public SagaRow failing(SagaState newState, String reason) {
        return new SagaRow(id, userId, idempotencyKey, newState, request, slug, organizationId, previousMetadata,
                response, reason, updatedAt);
    }
}
