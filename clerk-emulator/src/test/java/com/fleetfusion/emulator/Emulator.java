package com.fleetfusion.emulator;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** What the tests do to the emulator under test: the control API as a script would, the Backend API as a client. */
final class Emulator {

    static final String SECRET_KEY = "sk_test_fleetfusion_emulator";
    static final String INSTANCE_ID = "ins_2fleetfusionemulator0000";

    private Emulator() {
    }

    /** The Backend API with the instance's secret key; every response is checked against Clerk's spec. */
    static RequestSpecification api() {
        return backend().auth().oauth2(SECRET_KEY);
    }

    /** The Backend API with no credentials of its own; every response is checked against Clerk's spec. */
    static RequestSpecification backend() {
        return given().filter(ClerkSpec.CONFORMANCE).contentType(ContentType.JSON);
    }

    static RequestSpecification control() {
        return given().contentType(ContentType.JSON);
    }

    static void reset() {
        control().post("/__emulator/reset").then().statusCode(200);
    }

    static String signUp(String email) {
        return control().body(Map.of("email", email, "first_name", "Ada", "last_name", "Lovelace"))
                .post("/__emulator/sign-ups").then().statusCode(200).extract().path("id");
    }

    static String createOrganization(String name, String slug, String createdBy) {
        return api().body(Map.of("name", name, "slug", slug, "created_by", createdBy)).post("/v1/organizations")
                .then().statusCode(200).extract().path("id");
    }

    static String token(Map<String, Object> request) {
        return control().body(request).post("/__emulator/tokens").then().statusCode(200).extract().path("jwt");
    }
}
