package com.fleetfusion.e2e;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Flow 1: a user signs up in Clerk; the webhook reaches tenant-store through webhook-ingest and Kafka. */
class RegistrationIT {

    private final SuiteUnderTest suite = SuiteUnderTest.shared();

    @Test
    void signUpBecomesATenantStoreRowAndTheSessionAsksForOnboarding() {
        String email = "rita." + UUID.randomUUID() + "@fleetfusion.example";
        String userId = suite.emulator().signUpUserId(email, "Rita", "Registrant");

        await("user.created applied by tenant-store").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TenantTables.query("SELECT primary_email, first_name, deleted_at FROM users WHERE id = ?", userId))
                        .singleElement()
                        .satisfies(row -> {
                            assertThat(row.get("primary_email")).isEqualTo(email);
                            assertThat(row.get("first_name")).isEqualTo("Rita");
                            assertThat(row.get("deleted_at")).isNull();
                        }));

        given().baseUri(suite.gateway.baseUrl()).auth().oauth2(suite.emulator().token(userId))
                .get("/api/session")
                .then().statusCode(200)
                .body("signedIn", equalTo(true))
                .body("userId", equalTo(userId))
                .body("onboardingComplete", equalTo(false))
                .body("next", equalTo("/onboarding"));
    }
}
