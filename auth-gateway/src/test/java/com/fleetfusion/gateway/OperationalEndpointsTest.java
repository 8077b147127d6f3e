package com.fleetfusion.gateway;

import org.junit.jupiter.api.Test;

import com.fleetfusion.gateway.support.OfflineKeyGateway;
import com.fleetfusion.testsupport.OperationalEndpointsContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(OfflineKeyGateway.class)
class OperationalEndpointsTest extends OperationalEndpointsContract {

    @Test
    void readinessReportsThePemKeyAsLoaded() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Clerk signing keys' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Clerk signing keys' }.data.source", equalTo("pem"));
    }
}
