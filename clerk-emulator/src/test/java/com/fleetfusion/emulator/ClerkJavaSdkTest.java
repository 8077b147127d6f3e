package com.fleetfusion.emulator;

import java.math.BigInteger;
import java.net.URL;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.clerk.backend_api.Clerk;
import com.clerk.backend_api.helpers.security.AuthenticateRequest;
import com.clerk.backend_api.helpers.security.VerifyToken;
import com.clerk.backend_api.helpers.security.models.AuthenticateRequestOptions;
import com.clerk.backend_api.helpers.security.models.RequestState;
import com.clerk.backend_api.helpers.security.models.TokenVerificationErrorReason;
import com.clerk.backend_api.helpers.security.models.TokenVerificationException;
import com.clerk.backend_api.helpers.security.models.VerifyTokenOptions;
import com.clerk.backend_api.models.components.Organization;
import com.clerk.backend_api.models.components.OrganizationMembership;
import com.clerk.backend_api.models.components.OrganizationMemberships;
import com.clerk.backend_api.models.components.User;
import com.clerk.backend_api.models.errors.ClerkErrors;
import com.clerk.backend_api.models.operations.CreateOrganizationMembershipRequestBody;
import com.clerk.backend_api.models.operations.CreateOrganizationRequestBody;
import com.clerk.backend_api.models.operations.ListOrganizationMembershipsRequest;
import com.clerk.backend_api.models.operations.UpdateUserMetadataRequestBody;

import io.jsonwebtoken.Claims;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import static com.fleetfusion.emulator.Emulator.control;
import static com.fleetfusion.emulator.Emulator.signUp;
import static com.fleetfusion.emulator.Emulator.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Clerk's official Java Backend SDK ({@code com.clerk:backend-api}, unchanged, only its server URL pointed at the
 * emulator) reads every answer the suite relies on, and its own token verifiers accept the emulator's session tokens
 * and refuse its deliberately bad ones. Only Clerk's own clients can prove that the emulator answers as Clerk does.
 */
@QuarkusTest
class ClerkJavaSdkTest {

    private static final String AUTHORIZED_PARTY = "http://localhost:5173";

    @TestHTTPResource("/")
    URL base;

    private Clerk clerk;

    @BeforeEach
    void anEmptyInstanceAndTheSdk() {
        Emulator.reset();
        clerk = Clerk.builder().serverURL(baseUrl() + "/v1").bearerAuth(Emulator.SECRET_KEY).build();
    }

    @Test
    void theSdkManagesUsersOrganizationsAndMembershipsAsAtClerk() {
        String adminId = signUp("sdk-admin@fleetfusion.test");
        String memberId = signUp("sdk-member@fleetfusion.test");

        User admin = clerk.users().get(adminId).user().orElseThrow();
        assertThat(admin.id()).isEqualTo(adminId);
        assertThat(admin.emailAddresses()).extracting(e -> e.emailAddress())
                .containsExactly("sdk-admin@fleetfusion.test");

        Organization created = clerk.organizations().create(java.util.Optional.of(CreateOrganizationRequestBody
                .builder().name("SDK Fleet").slug("sdk-fleet").createdBy(adminId).build()), java.util.Optional.empty())
                .organization().orElseThrow();
        assertThat(created.id()).startsWith("org_");
        assertThat(created.slug()).isEqualTo("sdk-fleet");

        Organization bySlug = clerk.organizations().get("sdk-fleet").organization().orElseThrow();
        assertThat(bySlug.id()).isEqualTo(created.id());
        assertThat(bySlug.membersCount()).contains(1L);

        OrganizationMembership added = clerk.organizationMemberships().create(created.id(),
                CreateOrganizationMembershipRequestBody.builder().userId(memberId).role("org:member").build())
                .organizationMembership().orElseThrow();
        assertThat(added.role()).isEqualTo("org:member");
        assertThat(added.organization().id()).isEqualTo(created.id());
        assertThat(added.publicUserData().orElseThrow().userId()).isEqualTo(memberId);

        assertThatThrownBy(() -> clerk.organizationMemberships().create(created.id(),
                CreateOrganizationMembershipRequestBody.builder().userId(memberId).role("org:member").build()))
                .isInstanceOfSatisfying(ClerkErrors.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.errors().orElseThrow()).extracting(c -> c.code())
                            .containsExactly("already_a_member_in_organization");
                });

        OrganizationMemberships members = clerk.organizationMemberships().list(ListOrganizationMembershipsRequest
                .builder().organizationId(created.id()).limit(10).build()).organizationMemberships().orElseThrow();
        assertThat(members.totalCount()).isEqualTo(2);
        assertThat(members.data()).extracting(m -> m.publicUserData().orElseThrow().userId())
                .containsExactlyInAnyOrder(adminId, memberId);

        User updated = clerk.users().updateMetadata(adminId, java.util.Optional.of(UpdateUserMetadataRequestBody
                .builder().publicMetadata(Map.of("onboardingComplete", true)).build()), java.util.Optional.empty())
                .user().orElseThrow();
        assertThat(updated.publicMetadata()).containsEntry("onboardingComplete", true);

        var deleted = clerk.organizations().delete(created.id()).deletedObject().orElseThrow();
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.id()).contains(created.id());
        assertThatThrownBy(() -> clerk.organizations().get(created.id()))
                .isInstanceOfSatisfying(ClerkErrors.class, e -> {
                    assertThat(e.code()).isEqualTo(404);
                    assertThat(e.errors().orElseThrow()).extracting(c -> c.code())
                            .containsExactly("resource_not_found");
                });
    }

    @Test
    void theSdkRefusesAWrongSecretKeyWithClerksError() {
        Clerk wrongKey = Clerk.builder().serverURL(baseUrl() + "/v1").bearerAuth("sk_test_not_the_key").build();

        assertThatThrownBy(() -> wrongKey.users().get("user_anything"))
                .isInstanceOfSatisfying(ClerkErrors.class, e -> {
                    assertThat(e.code()).isEqualTo(401);
                    assertThat(e.errors().orElseThrow()).extracting(c -> c.code())
                            .containsExactly("clerk_key_invalid");
                });
    }

    @Test
    void theSdksVerifierAcceptsASessionTokenWithKeysFromTheBackendApi() throws Exception {
        String userId = signUp("sdk-token@fleetfusion.test");
        String orgId = Emulator.createOrganization("Token Fleet", "token-fleet", userId);

        Claims claims = (Claims) VerifyToken.verifyToken(token(Map.of("user_id", userId, "version", 2)),
                remoteKeys()).payload();

        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.get("org_id")).isEqualTo(orgId);
        assertThat(claims.get("org_slug")).isEqualTo("token-fleet");
        assertThat(claims.get("azp")).isEqualTo(AUTHORIZED_PARTY);
    }

    @Test
    void theSdksVerifierRefusesTheEmulatorsBadTokens() {
        String userId = signUp("sdk-bad@fleetfusion.test");

        assertThatThrownBy(() -> VerifyToken.verifyToken(defective(userId, "expired"), remoteKeys()))
                .isInstanceOfSatisfying(TokenVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenVerificationErrorReason.TOKEN_EXPIRED));
        assertThatThrownBy(() -> VerifyToken.verifyToken(defective(userId, "nbf_future"), remoteKeys()))
                .isInstanceOfSatisfying(TokenVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenVerificationErrorReason.TOKEN_NOT_ACTIVE_YET));
        assertThatThrownBy(() -> VerifyToken.verifyToken(defective(userId, "wrong_azp"), remoteKeys()))
                .isInstanceOfSatisfying(TokenVerificationException.class, e -> assertThat(e.reason())
                        .isEqualTo(TokenVerificationErrorReason.TOKEN_INVALID_AUTHORIZED_PARTIES));
        assertThatThrownBy(() -> VerifyToken.verifyToken(defective(userId, "unknown_key"), remoteKeys()))
                .isInstanceOf(TokenVerificationException.class);
    }

    @Test
    void authenticateRequestSignsInABearerOrSessionCookieWithThePublicKeyPem() throws Exception {
        String userId = signUp("sdk-request@fleetfusion.test");
        String jwt = token(Map.of("user_id", userId, "version", 1));
        AuthenticateRequestOptions options = AuthenticateRequestOptions.jwtKey(publicKeyPem())
                .authorizedParty(AUTHORIZED_PARTY).build();

        RequestState bearer = AuthenticateRequest.authenticateRequest(
                Map.of("Authorization", List.of("Bearer " + jwt)), options);
        RequestState cookie = AuthenticateRequest.authenticateRequest(
                Map.of("Cookie", List.of("__client_uat=1; __session=" + jwt)), options);
        RequestState expired = AuthenticateRequest.authenticateRequest(
                Map.of("Authorization", List.of("Bearer " + defective(userId, "expired"))), options);

        assertThat(bearer.isSignedIn()).isTrue();
        assertThat(bearer.claims().orElseThrow().getSubject()).isEqualTo(userId);
        assertThat(cookie.isSignedIn()).isTrue();
        assertThat(expired.isSignedOut()).isTrue();
        assertThat(expired.reason()).contains(TokenVerificationErrorReason.TOKEN_EXPIRED);
    }

    private VerifyTokenOptions remoteKeys() {
        // the JWKS from the emulator's Backend API (GET /v1/jwks), as the SDK fetches it from api.clerk.com
        return VerifyTokenOptions.secretKey(Emulator.SECRET_KEY).apiUrl(baseUrl()).skipJwksCache(true)
                .authorizedParty(AUTHORIZED_PARTY).build();
    }

    private static String defective(String userId, String defect) {
        return token(Map.of("user_id", userId, "defect", defect));
    }

    /** The instance's "JWKS Public Key" as Clerk's dashboard shows it (PEM), built from the published JWK. */
    private static String publicKeyPem() throws Exception {
        Map<String, String> jwk = control().get("/.well-known/jwks.json").then().statusCode(200).extract()
                .jsonPath().getMap("keys[0]");
        Base64.Decoder url = Base64.getUrlDecoder();
        var key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, url.decode(jwk.get("n"))), new BigInteger(1, url.decode(jwk.get("e")))));
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    private String baseUrl() {
        String url = base.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
