package com.fleetfusion.store;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.store.model.ClerkEvent;
import com.fleetfusion.store.model.ReconcileState;
import com.fleetfusion.store.service.ClerkEventApplier;
import com.fleetfusion.store.service.ClerkEventParser;

import io.restassured.response.Response;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The reconciliation tests' calls: the operations endpoint with a credential, and events applied as webhooks. */
record ReconcileCalls(String authorization, ObjectMapper mapper, ClerkEventParser parser,
        ClerkEventApplier applier) {

    ReconcileState awaitFinished() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> state().finished());
        return state();
    }

    ReconcileState state() {
        Response response = given().header("Authorization", authorization).get("/admin/reconcile");
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return mapper.readValue(response.asString(), ReconcileState.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies an event as the webhooks would have, without an instance id (the emulator's events carry its own). */
    void apply(ClerkEvents.Event event) {
        try {
            ClerkEvent parsed = parser.parse(event.body(), event.svixId(), null);
            applier.apply(List.of(new ClerkEvent(parsed.svixId(), parsed.type(), parsed.change()))).await()
                    .indefinitely();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
