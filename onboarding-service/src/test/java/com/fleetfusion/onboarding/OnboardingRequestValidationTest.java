package com.fleetfusion.onboarding;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fleetfusion.session.SessionRefusal;
import com.fleetfusion.testsupport.ClerkEmulatorResource;
import com.fleetfusion.testsupport.KafkaResource;
import com.fleetfusion.testsupport.PostgresResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(ClerkEmulatorResource.WithSessions.class)
class OnboardingRequestValidationTest extends OnboardingTestSupport {

    @Test
    void invalidBodyIsRefusedWithEveryFieldErrorByName() {
        String user = newUser();
        Map<String, Object> body = form("Acme <b>Freight</b>");
        body.put("legalName", "Acme Freight LLC");
        body.put("slug", "Not A Slug");
        body.put("usdotNumber", "123456789");
        body.put("fleetSize", 0);
        body.put("contactPhone", "call me");
        body.put("address", Map.of("line1", "1 Main St", "city", "Austin", "country", "USA", "postalCode", "!"));

        submit(tokenOf(user), body).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/invalid-request"))
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("organizationName", "slug", "usdotNumber", "fleetSize",
                        "contactPhone", "address.country", "address.postalCode"));
        assertThat(clerk.organizationsOf(user).path("total_count").asInt()).isZero();
    }

    @Test
    void missingOrganizationNameAndAddressLinesAreNamed() {
        Map<String, Object> body = form("x");
        body.remove("organizationName");
        body.put("address", Map.of("country", "US"));

        submit(tokenOf(newUser()), body).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("organizationName", "address.line1", "address.city"));
    }

    @Test
    void organizationNameWithUrlIsRefused() {
        Map<String, Object> body = form("Visit https://evil.example now");
        body.put("legalName", "Evil LLC");
        submit(tokenOf(newUser()), body).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("organizationName"));
    }

    @Test
    void wrongJsonTypeIsRefusedWithTheFieldName() {
        Map<String, Object> body = form("Typed Freight");
        body.put("fleetSize", "twelve");

        submit(tokenOf(newUser()), body).then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("fleetSize"));
    }

    @Test
    void requestWithoutSessionTokenIsUnauthorizedProblem() {
        given().contentType(ContentType.JSON).body(form("No Token Freight")).post("/onboarding")
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(SessionRefusal.TOKEN_MISSING.uri()));
    }

    @Test
    void tokenOfAnUnauthorizedPartyIsRefused() {
        String token = emulator.token(newUser(), null, null, "wrong_azp");
        submit(token, form("Wrong Azp Freight")).then().statusCode(401);
    }

    @Test
    void expiredTokenIsRefused() {
        String token = emulator.token(newUser(), null, null, "expired");
        submit(token, form("Expired Freight")).then().statusCode(401);
    }

    @Test
    void tokenSignedWithAnUnknownKeyIsRefused() {
        String token = emulator.token(newUser(), null, null, "unknown_key");
        submit(token, form("Unknown Key Freight")).then().statusCode(401);
    }
}
