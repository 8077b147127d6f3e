package com.fleetfusion.onboarding.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fleetfusion.clerk.client.ClerkApiException;
import com.fleetfusion.clerk.client.ClerkUnavailableException;
import com.fleetfusion.onboarding.client.ClerkBackend;
import com.fleetfusion.onboarding.client.ClerkDeletedObject;
import com.fleetfusion.onboarding.client.ClerkOrganization;
import com.fleetfusion.onboarding.client.ClerkOrganizationMembership;
import com.fleetfusion.onboarding.client.ClerkUser;
import com.fleetfusion.onboarding.client.Clerked;
import com.fleetfusion.onboarding.client.InMemoryClerkEvents;
import com.fleetfusion.onboarding.config.OnboardingConfig;
import com.fleetfusion.onboarding.model.OnboardingRequest;
import com.fleetfusion.onboarding.model.SagaRow;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The saga without Quarkus: Clerk mocked (Mockito), the saga log in memory, {@code clerk.events} on SmallRye's
 * in-memory connector, real metrics on a simple registry. Clerk's answers are built as Clerk sends them.
 */
class SagaTestKit {

    static final String USER = "user_unit";
    static final String ORG = "org_unit";
    static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    final ClerkBackend clerk = mock(ClerkBackend.class);
    final InMemorySagaStore store = new InMemorySagaStore();
    final InMemoryClerkEvents events = new InMemoryClerkEvents();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final OnboardingMetrics metrics = new OnboardingMetrics(registry);
    final OnboardingConfig config = config(Duration.ofSeconds(5));

    final ReadUserStep readUser = new ReadUserStep(clerk, events.publisher(), store);
    final CreateOrganizationStep createOrganization = new CreateOrganizationStep(clerk, events.publisher(), store,
            config);
    final EnsureAdminMembershipStep ensureAdminMembership = new EnsureAdminMembershipStep(clerk, store, config);
    final UpdateUserMetadataStep updateUserMetadata = new UpdateUserMetadataStep(clerk, store, config);
    final PublishEventsStep publishEvents = new PublishEventsStep(clerk, events.publisher(), store);

    OnboardingSaga saga() {
        return new OnboardingSaga(store, config, metrics, readUser, createOrganization, ensureAdminMembership,
                updateUserMetadata, publishEvents);
    }

    static OnboardingConfig config(Duration deadline) {
        OnboardingConfig config = mock(OnboardingConfig.class);
        OnboardingConfig.Recovery recovery = mock(OnboardingConfig.Recovery.class);
        when(config.deadline()).thenReturn(deadline);
        when(config.slugAttempts()).thenReturn(3);
        when(config.adminRole()).thenReturn("org:admin");
        when(config.inFlightPoll()).thenReturn(Duration.ofMillis(20));
        when(config.recovery()).thenReturn(recovery);
        when(recovery.stuckAfter()).thenReturn(Duration.ofMinutes(2));
        return config;
    }

    static OnboardingRequest form(String name, String slug) {
        return new OnboardingRequest(name, slug, "Acme Freight LLC", "1234567", 12, "+1 555 0100", null);
    }

    /** A saga as the log holds it in {@code state}, its organization {@link #ORG} from ORG_CREATED on. */
    SagaRow recorded(com.fleetfusion.onboarding.model.SagaState state) {
        SagaRow saga = SagaRow.start(USER, null, form("Acme Freight", "acme-freight"))
                .withPreviousMetadata(previousMetadata());
        if (state != com.fleetfusion.onboarding.model.SagaState.STARTED) {
            saga = saga.withOrganization(ORG, "acme-freight");
        }
        return store.put(saga.withState(state));
    }

    static Map<String, Object> previousMetadata() {
        java.util.LinkedHashMap<String, Object> previous = new java.util.LinkedHashMap<>();
        previous.put("onboardingComplete", null);
        previous.put("organizationId", null);
        previous.put("organizationSlug", null);
        previous.put("role", null);
        return previous;
    }

    // Clerk's answers

    static Clerked<ClerkUser> user(Map<String, Object> publicMetadata) {
        ObjectNode json = JSON.createObjectNode().put("object", "user").put("id", USER).put("updated_at", 1L);
        json.set("public_metadata", JSON.valueToTree(publicMetadata));
        return new Clerked<>(JSON.convertValue(json, ClerkUser.class), json);
    }

    static Clerked<ClerkOrganization> organization(String id, String slug, String createdBy, String sagaId) {
        ObjectNode json = JSON.createObjectNode().put("object", "organization").put("id", id).put("name", "Acme")
                .put("slug", slug).put("created_by", createdBy).put("created_at", 1L).put("updated_at", 1L);
        ObjectNode typed = json.deepCopy();
        typed.putObject("private_metadata").put(ClerkOrganization.SAGA_MARKER_KEY, sagaId);
        // as ClerkBackend hands it: typed with the marker, the JSON without private_metadata
        return new Clerked<>(JSON.convertValue(typed, ClerkOrganization.class), json);
    }

    static Clerked<ClerkOrganizationMembership> membership(String role) {
        ObjectNode json = JSON.createObjectNode().put("object", "organization_membership").put("id", "orgmem_unit")
                .put("role", role);
        json.putObject("organization").put("id", ORG).put("slug", "acme-freight");
        json.putObject("public_user_data").put("user_id", USER);
        return new Clerked<>(JSON.convertValue(json, ClerkOrganizationMembership.class), json);
    }

    static Clerked<ClerkDeletedObject> deleted(String id) {
        ObjectNode json = JSON.createObjectNode().put("object", "organization").put("id", id).put("deleted", true);
        return new Clerked<>(JSON.convertValue(json, ClerkDeletedObject.class), json);
    }

    static ClerkApiException refused(String operation, int status, String code) {
        return new ClerkApiException(operation, status, List.of(new ClerkApiException.ClerkError(code, code, null,
                null)), null);
    }

    static ClerkUnavailableException unavailable(String operation) {
        return new ClerkUnavailableException(operation, 503, List.of(), Optional.empty(), null);
    }

    static <T> Uni<T> ok(T value) {
        return Uni.createFrom().item(value);
    }

    static <T> Uni<T> fails(Throwable failure) {
        return Uni.createFrom().failure(failure);
    }

    /** Clerk as it answers a whole happy onboarding of {@link #USER}; a test overrides the call it is about. */
    void clerkAnswersEverything() {
        when(clerk.getUser(USER)).thenReturn(ok(user(Map.of())));
        when(clerk.createOrganization(anyString(), anyString(), anyString(), any(), anyString()))
                .thenAnswer(call -> ok(organization(ORG, call.getArgument(1), USER, call.getArgument(4))));
        when(clerk.listOrganizationMemberships(ORG, USER)).thenReturn(ok(Optional.of(membership("org:admin"))));
        when(clerk.updateUserMetadata(anyString(), any())).thenAnswer(call -> ok(user(call.getArgument(1))));
        when(clerk.deleteOrganization(anyString())).thenAnswer(call -> ok(deleted(call.getArgument(0))));
    }

    double counter(String name) {
        return registry.counter(name).count();
    }

    static Instant inFiveSeconds() {
        return Instant.now().plusSeconds(5);
    }
}
