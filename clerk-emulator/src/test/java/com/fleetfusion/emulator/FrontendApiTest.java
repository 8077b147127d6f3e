package com.fleetfusion.emulator;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.clerk.backend_api.helpers.security.VerifyToken;
import com.clerk.backend_api.helpers.security.models.VerifyTokenOptions;

import io.jsonwebtoken.Claims;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import static com.fleetfusion.emulator.Emulator.api;
import static com.fleetfusion.emulator.Emulator.control;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The Frontend API as {@code @clerk/clerk-js} calls it (form-encoded POSTs, other verbs as {@code ?_method=}, the
 * client in a cookie), one browser = one cookie jar: loading, sign-up with an e-mail code, password sign-in and
 * Clerk's refusals, sign-out, password reset by e-mail code, session tokens and the active organization. Every
 * answer is validated against Clerk's frontend-api-2026-05-12.yml; the tokens are verified by Clerk's Java SDK.
 */
@QuarkusTest
class FrontendApiTest {

    private static final String ORIGIN = "http://localhost:5173";
    private static final String PASSWORD = "correct horse battery";

    @TestHTTPResource("/")
    URL base;

    private CookieFilter browser;

    @BeforeEach
    void aNewBrowser() {
        Emulator.reset();
        browser = new CookieFilter();
    }

    @Test
    void loadingFindsTheEnvironmentAndNoClient() {
        fapi().get("/v1/environment").then().statusCode(200)
                .body("auth_config.single_session_mode", equalTo(true))
                .body("display_config.instance_environment_type", equalTo("production"))
                .body("user_settings.attributes.email_address.verifications", equalTo(List.of("email_code")))
                .body("organization_settings.enabled", equalTo(true));
        fapi().get("/v1/client").then().statusCode(200).body("response", nullValue()).body("client", nullValue());

        assertThat(ClerkSpec.FRONTEND_API.validated()).containsKeys("getEnvironment", "getClient");
        String environment = given().get("/v1/environment").then().extract().asString();
        String pointer = ClerkSpec.FRONTEND_API.responseSchemaPointer(ClerkSpec.FRONTEND_API.operation("get",
                "/v1/environment").orElseThrow(), 200);
        assertThat(ClerkSpec.FRONTEND_API.validate(pointer, environment)).isEmpty();
        assertThat(ClerkSpec.FRONTEND_API.validate(pointer, environment.replaceFirst("\\{", "{\"emulator_only\":1,")))
                .isNotEmpty();
    }

    @Test
    void signUpWithAnEmailCodeCreatesTheUserAndAnActiveSession() throws Exception {
        JsonPath created = post("/v1/client/sign_ups", Map.of("email_address", "Grace@FleetFusion.test",
                "password", PASSWORD, "first_name", "Grace", "last_name", "Hopper")).statusCode(200)
                .body("response.status", equalTo("missing_requirements"))
                .body("response.unverified_fields", equalTo(List.of("email_address")))
                .body("response.email_address", equalTo("grace@fleetfusion.test"))
                .extract().jsonPath();
        String signUpId = created.getString("response.id");
        String cookie = browser.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("__client"))
                .findFirst().orElseThrow().getValue();
        assertThat(cookie).isEqualTo(created.getString("client.id"));

        post("/v1/client/sign_ups/" + signUpId + "/prepare_verification", Map.of("strategy", "email_code"))
                .statusCode(200).body("response.verifications.email_address.next_action", equalTo("needs_attempt"));
        String code = lastCode("grace@fleetfusion.test", "email_code");
        String wrong = code.equals("000000") ? "111111" : "000000";
        post("/v1/client/sign_ups/" + signUpId + "/attempt_verification", Map.of("strategy", "email_code",
                "code", wrong)).statusCode(422).body("errors[0].code", equalTo("form_code_incorrect"))
                .body("errors[0].meta.param_name", equalTo("code"));
        JsonPath done = post("/v1/client/sign_ups/" + signUpId + "/attempt_verification", Map.of("strategy",
                "email_code", "code", code)).statusCode(200).body("response.status", equalTo("complete"))
                .extract().jsonPath();

        String userId = done.getString("response.created_user_id");
        String sessionId = done.getString("response.created_session_id");
        assertThat(done.getString("client.last_active_session_id")).isEqualTo(sessionId);
        assertThat(done.getString("client.sessions[0].user.id")).isEqualTo(userId);
        assertThat(done.getBoolean("client.sessions[0].user.password_enabled")).isTrue();
        assertThat(done.getMap("client.sessions[0].user")).doesNotContainKey("private_metadata");
        api().get("/v1/users/" + userId).then().statusCode(200)
                .body("email_addresses[0].email_address", equalTo("grace@fleetfusion.test"));

        Claims claims = verified(token(sessionId, Map.of()));
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.get("sid")).isEqualTo(sessionId);
        assertThat(claims.get("azp")).isEqualTo(ORIGIN);
        assertThat(claims.get("org_id")).isNull();
    }

    @Test
    void signInRefusesAnUnknownIdentifierAndAWrongPasswordWithClerksCodes() {
        signUp("ada@fleetfusion.test");
        signOut();

        post("/v1/client/sign_ins", Map.of("identifier", "nobody@fleetfusion.test")).statusCode(422)
                .body("errors[0].code", equalTo("form_identifier_not_found"))
                .body("errors[0].meta.param_name", equalTo("identifier"));
        post("/v1/client/sign_ins", Map.of("identifier", "ada@fleetfusion.test", "password", "not the password"))
                .statusCode(422).body("errors[0].code", equalTo("form_password_incorrect"))
                .body("errors[0].meta.param_name", equalTo("password"));

        JsonPath identified = post("/v1/client/sign_ins", Map.of("identifier", "ada@fleetfusion.test"))
                .statusCode(200).body("response.status", equalTo("needs_first_factor"))
                .body("response.supported_first_factors.strategy", equalTo(List.of("password", "email_code",
                        "reset_password_email_code")))
                .extract().jsonPath();
        String signInId = identified.getString("response.id");
        post("/v1/client/sign_ins/" + signInId + "/attempt_first_factor", Map.of("strategy", "password",
                "password", "still wrong")).statusCode(422).body("errors[0].code", equalTo("form_password_incorrect"));
        JsonPath signedIn = post("/v1/client/sign_ins/" + signInId + "/attempt_first_factor", Map.of("strategy",
                "password", "password", PASSWORD)).statusCode(200).body("response.status", equalTo("complete"))
                .extract().jsonPath();
        assertThat(signedIn.getString("client.last_active_session_id"))
                .isEqualTo(signedIn.getString("response.created_session_id"));

        post("/v1/client/sign_ins", Map.of("identifier", "ada@fleetfusion.test", "password", PASSWORD))
                .statusCode(400).body("errors[0].code", equalTo("session_exists"));
    }

    @Test
    void signOutEndsTheSessionsAndKeepsTheClient() {
        String sessionId = signUp("bo@fleetfusion.test").getString("response.created_session_id");

        JsonPath out = given().filter(browser).filter(ClerkSpec.FRONTEND_CONFORMANCE).header("Origin", ORIGIN)
                .contentType(ContentType.URLENC).post("/v1/client/sessions?_method=DELETE").then().statusCode(200)
                .extract().jsonPath();

        assertThat(out.getList("client.sessions")).isEmpty();
        assertThat(out.getString("client.last_active_session_id")).isNull();
        fapi().get("/v1/client").then().statusCode(200).body("client.sessions.size()", equalTo(0));
        post("/v1/client/sessions/" + sessionId + "/tokens", Map.of()).statusCode(404)
                .body("errors[0].code", equalTo("resource_not_found"));
    }

    @Test
    void aPasswordResetByEmailCodeSignsInWithTheNewPassword() {
        signUp("cy@fleetfusion.test");
        signOut();

        String signInId = post("/v1/client/sign_ins", Map.of("identifier", "cy@fleetfusion.test")).statusCode(200)
                .extract().path("response.id");
        post("/v1/client/sign_ins/" + signInId + "/prepare_first_factor", Map.of("strategy",
                "reset_password_email_code")).statusCode(200)
                .body("response.first_factor_verification.strategy", equalTo("reset_password_email_code"));
        String code = lastCode("cy@fleetfusion.test", "reset_password_email_code");
        post("/v1/client/sign_ins/" + signInId + "/attempt_first_factor", Map.of("strategy",
                "reset_password_email_code", "code", code)).statusCode(200)
                .body("response.status", equalTo("needs_new_password"));
        post("/v1/client/sign_ins/" + signInId + "/reset_password", Map.of("password", "short")).statusCode(422)
                .body("errors[0].code", equalTo("form_password_length_too_short"));
        post("/v1/client/sign_ins/" + signInId + "/reset_password", Map.of("password", "a brand new password"))
                .statusCode(200).body("response.status", equalTo("complete"));
        signOut();

        post("/v1/client/sign_ins", Map.of("identifier", "cy@fleetfusion.test", "password", PASSWORD))
                .statusCode(422).body("errors[0].code", equalTo("form_password_incorrect"));
        post("/v1/client/sign_ins", Map.of("identifier", "cy@fleetfusion.test", "password", "a brand new password"))
                .statusCode(200).body("response.status", equalTo("complete"));
    }

    @Test
    void resetCodeInOneCallAsClerksCustomFlowDoes() {
        signUp("di@fleetfusion.test");
        signOut();

        String signInId = post("/v1/client/sign_ins", Map.of("strategy", "reset_password_email_code", "identifier",
                "di@fleetfusion.test")).statusCode(200).body("response.status", equalTo("needs_first_factor"))
                .extract().path("response.id");
        String code = lastCode("di@fleetfusion.test", "reset_password_email_code");

        post("/v1/client/sign_ins/" + signInId + "/attempt_first_factor", Map.of("strategy",
                "reset_password_email_code", "code", code, "password", "another new password")).statusCode(200)
                .body("response.status", equalTo("complete"));
    }

    @Test
    void touchSetsTheActiveOrganizationThatTheTokensCarry() throws Exception {
        JsonPath signedUp = signUp("ed@fleetfusion.test");
        String userId = signedUp.getString("response.created_user_id");
        String sessionId = signedUp.getString("response.created_session_id");
        String orgId = Emulator.createOrganization("Ed Freight", "ed-freight", userId);
        String otherAdmin = Emulator.signUp("other@fleetfusion.test");
        String foreignOrg = Emulator.createOrganization("Other Freight", "other-freight", otherAdmin);

        post("/v1/client/sessions/" + sessionId + "/touch", Map.of("active_organization_id", orgId)).statusCode(200)
                .body("response.last_active_organization_id", equalTo(orgId))
                .body("response.user.organization_memberships[0].organization.id", equalTo(orgId))
                .body("response.user.organization_memberships[0].role", equalTo("org:admin"));
        Claims withOrg = verified(token(sessionId, Map.of()));
        assertThat(withOrg.get("org_id")).isEqualTo(orgId);
        assertThat(withOrg.get("org_slug")).isEqualTo("ed-freight");

        post("/v1/client/sessions/" + sessionId + "/touch", Map.of("active_organization_id", foreignOrg))
                .statusCode(403).body("errors[0].code", equalTo("not_a_member_in_organization"));
        post("/v1/client/sessions/" + sessionId + "/touch", Map.of("active_organization_id", "")).statusCode(200)
                .body("response.last_active_organization_id", nullValue());
        assertThat(verified(token(sessionId, Map.of())).get("org_id")).isNull();
        assertThat(verified(token(sessionId, Map.of("organization_id", orgId))).get("org_id")).isEqualTo(orgId);

        // the membership removed through the Backend API: the next token is the personal account's
        api().delete("/v1/organizations/" + orgId + "/memberships/" + userId).then().statusCode(200);
        assertThat(verified(token(sessionId, Map.of())).get("org_id")).isNull();
    }

    @Test
    void theSpasOriginMayCallWithCredentials() {
        given().header("Origin", ORIGIN).get("/v1/client").then().statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Allow-Credentials", "true");
    }

    // ---------------------------------------------------------------- what clerk-js does

    private io.restassured.specification.RequestSpecification fapi() {
        return given().filter(browser).filter(ClerkSpec.FRONTEND_CONFORMANCE).header("Origin", ORIGIN);
    }

    private ValidatableResponse post(String path, Map<String, String> form) {
        var request = fapi().contentType(ContentType.URLENC);
        if (!form.isEmpty()) {
            request = request.formParams(form);
        }
        return request.post(path).then();
    }

    private JsonPath signUp(String email) {
        String id = post("/v1/client/sign_ups", Map.of("email_address", email, "password", PASSWORD))
                .statusCode(200).extract().path("response.id");
        post("/v1/client/sign_ups/" + id + "/prepare_verification", Map.of("strategy", "email_code"))
                .statusCode(200);
        return post("/v1/client/sign_ups/" + id + "/attempt_verification", Map.of("strategy", "email_code", "code",
                lastCode(email, "email_code"))).statusCode(200).body("response.status", equalTo("complete"))
                .extract().jsonPath();
    }

    private void signOut() {
        fapi().contentType(ContentType.URLENC).post("/v1/client/sessions?_method=DELETE").then().statusCode(200);
    }

    private String token(String sessionId, Map<String, String> form) {
        return post("/v1/client/sessions/" + sessionId + "/tokens", form).statusCode(200)
                .body("object", equalTo("token")).extract().path("jwt");
    }

    private static String lastCode(String email, String purpose) {
        List<Map<String, Object>> emails = control().queryParam("to", email).get("/__emulator/emails").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.purpose == '" + purpose + "' }");
        assertThat(emails).isNotEmpty();
        return (String) emails.get(emails.size() - 1).get("code");
    }

    private Claims verified(String jwt) throws Exception {
        String url = base.toString().replaceAll("/$", "");
        return (Claims) VerifyToken.verifyToken(jwt, VerifyTokenOptions.secretKey(Emulator.SECRET_KEY).apiUrl(url)
                .skipJwksCache(true).authorizedParty(ORIGIN).build()).payload();
    }
}
