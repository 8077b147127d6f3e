package com.fleetfusion.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record FieldError(String field, String message) {
    }

    @Test
    void writesTheStandardMembersInOrderAndLeavesOutNulls() throws Exception {
        String json = Problem.of(ProblemType.NOT_FOUND, "No such organization.").toJson();
        assertThat(json).isEqualTo("{\"type\":\"https://fleetfusion.dev/problems/not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"No such organization.\"}");
        assertThat(JSON.readTree(json).has("instance")).isFalse();
    }

    @Test
    void extensionMembersFollowAsWritten() throws Exception {
        Problem problem = Problem.of(ProblemType.INVALID_REQUEST, "2 field(s) are invalid")
                .with("errors", List.of(new FieldError("slug", "is taken"), Map.of("field", "a.b", "message", "x")))
                .with("retryable", true).with("count", 3).with("absent", null).withInstance("/api/me");
        JsonNode body = JSON.readTree(problem.toJson());
        assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("slug");
        assertThat(body.path("errors").get(1).path("message").asText()).isEqualTo("x");
        assertThat(body.path("retryable").asBoolean()).isTrue();
        assertThat(body.path("count").asInt()).isEqualTo(3);
        assertThat(body.has("absent")).isFalse();
        assertThat(body.path("instance").asText()).isEqualTo("/api/me");
        assertThat(body.path("status").asInt()).isEqualTo(400);
    }

    @Test
    void escapesWhateverTextItCarries() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 sep \u2028 </script> é";
        JsonNode body = JSON.readTree(Problem.of(ProblemType.INTERNAL_ERROR, nasty).with("x", nasty).toJson());
        assertThat(body.path("detail").asText()).isEqualTo(nasty);
        assertThat(body.path("x").asText()).isEqualTo(nasty);
    }

    @Test
    void aTypeIsAnsweredWithItsOwnStatus() {
        assertThatThrownBy(() -> Problem.of(ProblemType.NOT_FOUND, 410, "gone"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Problem.of(ProblemType.HTTP_ERROR, "which status?"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Problem.of(ProblemType.HTTP_ERROR, 418, null).status()).isEqualTo(418);
        assertThatThrownBy(() -> Problem.of(ProblemType.NOT_FOUND, null).with("type", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAPlainPathIsEchoedAsInstance() {
        assertThat(Problem.plainPath("/api/nothing/plain")).isEqualTo("/api/nothing/plain");
        assertThat(Problem.plainPath("/api/orgs/org_1/")).isEqualTo("/api/orgs/org_1/");
        assertThat(Problem.plainPath("/api/nothing/%3Cscript%3E")).isNull();
        assertThat(Problem.plainPath("/api//x")).isNull();
        assertThat(Problem.plainPath("/api/" + "a".repeat(129))).isNull();
        assertThat(Problem.plainPath("/a".repeat(17))).isNull();
        assertThat(Problem.plainPath(null)).isNull();
        assertThat(Problem.plainPath("")).isNull();
    }
}
