package com.fleetfusion.clerk.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

class ClerkApiExceptionTest {

    private static final String RATE_LIMITED = """
            {"errors": [{"code": "too_many_requests", "message": "Too many requests", "long_message": "Slow down"}]}""";
    private static final String IDENTIFIER_TAKEN = """
            {"errors": [{"code": "form_identifier_exists", "message": "taken", "meta": {"param_name": "slug"}}],
             "clerk_trace_id": "abc"}""";

    private static String httpDate(ZonedDateTime at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.withZoneSameInstant(ZoneOffset.UTC));
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(ClerkApiException.retryAfter("120")).contains(Duration.ofSeconds(120));
        assertThat(ClerkApiException.retryAfter(" 7 ")).contains(Duration.ofSeconds(7));
        assertThat(ClerkApiException.retryAfter("0")).contains(Duration.ZERO);
    }

    @Test
    void negativeRetryAfterMeansAtOnce() {
        assertThat(ClerkApiException.retryAfter("-5")).contains(Duration.ZERO);
    }

    @Test
    void retryAfterAsHttpDateIsTheTimeUntilThen() {
        Duration wait = ClerkApiException.retryAfter(httpDate(ZonedDateTime.now().plusSeconds(90))).orElseThrow();

        assertThat(wait).isBetween(Duration.ofSeconds(85), Duration.ofSeconds(90));
    }

    @Test
    void retryAfterAsAPastHttpDateMeansAtOnce() {
        assertThat(ClerkApiException.retryAfter(httpDate(ZonedDateTime.now().minusMinutes(5))))
                .contains(Duration.ZERO);
    }

    @Test
    void absentOrUnreadableRetryAfterIsEmpty() {
        assertThat(ClerkApiException.retryAfter(null)).isEmpty();
        assertThat(ClerkApiException.retryAfter("  ")).isEmpty();
        assertThat(ClerkApiException.retryAfter("soon")).isEmpty();
        assertThat(ClerkApiException.retryAfter("1.5")).isEmpty();
    }

    @Test
    void tooManyRequestsIsRetryableAfterRetryAfter() {
        ClerkApiException error = ClerkApiException.from("GetUserList", 429, RATE_LIMITED, "3");

        assertThat(error).isInstanceOf(ClerkUnavailableException.class)
                .hasMessage("GetUserList answered 429 [too_many_requests]");
        assertThat(((ClerkUnavailableException) error).retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(error.errors()).singleElement()
                .satisfies(e -> assertThat(e.longMessage()).isEqualTo("Slow down"));
    }

    @Test
    void serverErrorWithAProxysPageIsRetryableOnItsStatusAlone() {
        ClerkApiException error = ClerkApiException.from("GetJWKS", 502, "<html>Bad gateway</html>", null);

        assertThat(error).isInstanceOf(ClerkUnavailableException.class).hasMessage("GetJWKS answered 502");
        assertThat(error.status()).isEqualTo(502);
        assertThat(error.errors()).isEmpty();
        assertThat(((ClerkUnavailableException) error).retryAfter()).isEmpty();
    }

    @Test
    void otherClientErrorsAreFinalWithClerksCodes() {
        ClerkApiException error = ClerkApiException.from("CreateOrganization", 422, IDENTIFIER_TAKEN, "10");

        assertThat(error).isNotInstanceOf(ClerkUnavailableException.class)
                .hasMessage("CreateOrganization answered 422 [form_identifier_exists]");
        assertThat(error.operation()).isEqualTo("CreateOrganization");
        assertThat(error.hasCode("form_identifier_exists")).isTrue();
        assertThat(error.hasCode("not_found")).isFalse();
        assertThat(error.errors().get(0).paramName()).isEqualTo("slug");
    }

    @Test
    void anEmptyBodyLeavesNoErrors() {
        ClerkApiException error = ClerkApiException.from("GetUser", 404, "", null);

        assertThat(error).hasMessage("GetUser answered 404");
        assertThat(error.errors()).isEmpty();
        assertThat(error.hasCode("resource_not_found")).isFalse();
    }

    @Test
    void unreachableIsRetryableWithStatusZero() {
        IOException refused = new IOException("Connection refused");
        ClerkUnavailableException error = ClerkUnavailableException.unreachable("GetUser", refused);

        assertThat(error).hasMessage("GetUser got no answer").hasCause(refused);
        assertThat(error.status()).isZero();
        assertThat(error.retryAfter()).isEmpty();
    }

    interface Api {
        void createOrganization();
    }

    @Test
    void theOperationIsTheMethodNameAsOperationId() throws NoSuchMethodException {
        assertThat(ClerkApiException.operationOf(Api.class.getMethod("createOrganization")))
                .isEqualTo("CreateOrganization");
    }
}
