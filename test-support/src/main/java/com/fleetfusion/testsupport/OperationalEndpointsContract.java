package com.fleetfusion.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service answers to Kubernetes and to operators. A service's test extends it and is annotated
 * {@code @QuarkusTest} (with the test resources the service needs), so the checks run against the service itself.
 */
public abstract class OperationalEndpointsContract {

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUpWithItsDependencies() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void metricsArePrometheusText() {
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."));
    }

    /** Every answer, an error included, tells browsers not to guess its content type. */
    @Test
    void answersCarryNosniff() {
        given().get("/q/health/live").then().header("X-Content-Type-Options", "nosniff");
        given().get("/no/such/path").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .header("X-Content-Type-Options", "nosniff");
    }

    /**
     * Takes a dependency away, expects readiness DOWN (503), brings it back and expects UP again with no restart.
     */
    protected static void readinessFollows(String check, Runnable takeAway, Runnable bringBack) {
        takeAway.run();
        try {
            await("readiness DOWN without " + check).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                            .body("checks.find { it.name.contains('" + check + "') }.status", equalTo("DOWN")));
        } finally {
            bringBack.run();
        }
        await("readiness UP with " + check).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }
}
