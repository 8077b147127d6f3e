package com.fleetfusion.onboarding;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the recovery tests share: a crash between two steps, simulated by the saga row a crashed instance leaves
 * behind and, where the crash came after Clerk had acted, the organization the saga created.
 */
abstract class CrashedSagaSupport extends OnboardingTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    /** A new user's saga and the organization it had created in Clerk when its instance crashed. */
    record SagaOrganization(String user, UUID saga, String slug, String orgId) {
    }

    /** A new user, a new saga, and the organization CreateOrganization made for it (slug {@code <prefix>-<saga>}). */
    SagaOrganization organizationCreatedBySaga(String slugPrefix) {
        String user = newUser();
        UUID saga = UUID.randomUUID();
        String slug = slugPrefix + "-" + saga.toString().substring(0, 8);
        return new SagaOrganization(user, saga, slug, createdBySaga(saga, user, slug).path("id").asText());
    }

    /** What CreateOrganization leaves in Clerk when the saga sent it: creator = user, the saga's private marker. */
    JsonNode createdBySaga(UUID saga, String user, String slug) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Recovered " + slug);
        body.put("slug", slug);
        body.put("created_by", user);
        body.put("public_metadata", Map.of("usdotNumber", "7654321"));
        body.put("private_metadata", Map.of("onboarding_saga_id", saga.toString()));
        return clerk.createOrganization(body);
    }

    /** The row a crashed instance leaves: last touched an hour ago, so the job takes it over at once. */
    void crashedSaga(UUID saga, String user, String state, String slug, String orgId) {
        crashedSaga(saga, user, state, slug, orgId, Duration.ofHours(1));
    }

    /** The row a crashed instance leaves, last touched {@code untouchedFor} ago. */
    void crashedSaga(UUID saga, String user, String state, String slug, String orgId, Duration untouchedFor) {
        Map<String, Object> previous = new LinkedHashMap<>();
        previous.put("onboardingComplete", null);
        previous.put("organizationId", null);
        previous.put("organizationSlug", null);
        previous.put("role", null);
        pool.preparedQuery("INSERT INTO onboarding.sagas (id, user_id, state, request, slug, organization_id, "
                + "previous_metadata, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                + "now() - make_interval(secs => $8))")
                .execute(Tuple.from(new Object[] { saga, user, state,
                        new JsonObject(JSON.convertValue(form("Recovered " + slug), Map.class)), slug, orgId,
                        new JsonObject(previous), untouchedFor.toMillis() / 1000.0 }))
                .await().atMost(Duration.ofSeconds(5));
    }

    /** What a finished saga leaves in Clerk: the user's metadata points at the organization, where they are admin. */
    void assertOnboardedAsAdminOf(String user, String orgId) {
        JsonNode metadata = clerk.user(user).path("public_metadata");
        assertThat(metadata.path("onboardingComplete").asBoolean()).isTrue();
        assertThat(metadata.path("organizationId").asText()).isEqualTo(orgId);
        assertThat(clerk.membershipsOf(orgId, user).path("data").get(0).path("role").asText()).isEqualTo("org:admin");
    }

    String state(UUID saga) {
        return pool.preparedQuery("SELECT state FROM onboarding.sagas WHERE id = $1").execute(Tuple.of(saga))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getString(0);
    }
}
