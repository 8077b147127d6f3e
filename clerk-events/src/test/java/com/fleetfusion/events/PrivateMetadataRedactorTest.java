package com.fleetfusion.events;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateMetadataRedactorTest {

    private static final String MARKER = "PRIVATE-MARKER-7f3a";
    private final PrivateMetadataRedactor redactor = new PrivateMetadataRedactor();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void privateMetadataIsRemovedAtEveryDepthAndNothingElse() throws Exception {
        String body = """
                {"object":"event","type":"organizationMembership.updated","timestamp":1716883200000,
                 "data":{"id":"orgmem_1","private_metadata":{"m":"%1$s"},"public_metadata":{"plan":"pro"},
                   "organization":{"id":"org_1","name":"Acme","private_metadata":{"nested":{"m":"%1$s"}},
                     "public_metadata":{}},
                   "public_user_data":{"user_id":"user_1","first_name":"Ada"},
                   "permissions":["org:sys_profile:read",{"private_metadata":"%1$s","kept":1.50}],
                   "role":"org:admin","updated_at":1716883200001}}
                """.formatted(MARKER);

        byte[] redacted = redactor.redact(body.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(redacted, StandardCharsets.UTF_8)).doesNotContain(MARKER)
                .doesNotContain("private_metadata").contains("1.50");
        ObjectNode expected = (ObjectNode) mapper.readTree(body);
        ObjectNode data = (ObjectNode) expected.get("data");
        data.remove("private_metadata");
        ((ObjectNode) data.get("organization")).remove("private_metadata");
        ((ObjectNode) data.get("permissions").get(1)).remove("private_metadata");
        assertThat(mapper.readTree(redacted)).isEqualTo(expected);
    }

    @Test
    void memberOrderAndNumbersAreKeptExactly() throws Exception {
        byte[] body = "{\"z\":1,\"private_metadata\":{},\"a\":12345678901234567890.125,\"m\":1e3,\"s\":\"\\u00e9\\n\"}"
                .getBytes(StandardCharsets.UTF_8);

        // everything but the member is kept as written, escapes included
        assertThat(new String(redactor.redact(body), StandardCharsets.UTF_8))
                .isEqualTo("{\"z\":1,\"a\":12345678901234567890.125,\"m\":1e3,\"s\":\"\\u00e9\\n\"}");
    }

    @Test
    void everyPlaceOfTheMemberInItsObjectLeavesValidJson() throws Exception {
        String[][] cases = {
            { "{\"private_metadata\":{\"m\":1}}", "{}" },
            { "{ \"private_metadata\" : \"x\" , \"a\" : 1 }", "{ \"a\" : 1 }" },
            { "{\"a\":1, \"private_metadata\":null}", "{\"a\":1}" },
            { "{\"a\":1,\n  \"private_metadata\":[1,{\"b\":2}],\n  \"c\":true}", "{\"a\":1,\n  \"c\":true}" },
            { "{\"private_metadata\":1,\"private_metadata\":2,\"a\":3}", "{\"a\":3}" },
            { "{\"a\":1,\"private_metadata\":2,\"private_metadata\":3}", "{\"a\":1}" },
            { "{\"private_metadata\":1,\"a\":2,\"private_metadata\":3,\"b\":4}", "{\"a\":2,\"b\":4}" },
            { "[{\"private_metadata\":-1.5e3},{\"x\":{\"private_metadata\":false,\"y\":\"private_metadata\"}}]",
                "[{},{\"x\":{\"y\":\"private_metadata\"}}]" },
            { "{\"a\":{\"private_metadata\":{}},\"private_metadata\":{\"private_metadata\":1}}", "{\"a\":{}}" },
        };
        for (String[] c : cases) {
            String redacted = new String(redactor.redact(c[0].getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(redacted).as(c[0]).isEqualTo(c[1]);
            assertThat(mapper.readTree(redacted)).as(c[0]).isEqualTo(mapper.readTree(c[1]));
        }
    }

    @Test
    void aValueWithoutPrivateMetadataComesBackByteForByte() {
        byte[] body = "{ \"type\" : \"user.updated\",\n \"data\": {\"id\":\"user_1\", \"note\":\"private_metadata\"} }"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(redactor.redact(body)).isSameAs(body);
    }

    @Test
    void anEscapedMemberNameIsStillRemoved() throws Exception {
        byte[] body = ("{\"data\":{\"private\\u005fmetadata\":{\"m\":\"" + MARKER + "\"},\"id\":\"user_1\"}}")
                .getBytes(StandardCharsets.UTF_8);

        JsonNode redacted = mapper.readTree(redactor.redact(body));

        assertThat(redacted.toString()).isEqualTo("{\"data\":{\"id\":\"user_1\"}}");
    }

    @Test
    void everyRepeatedMemberIsRemoved() {
        byte[] body = ("{\"private_metadata\":1,\"data\":{},\"private_metadata\":{\"m\":\"" + MARKER + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(new String(redactor.redact(body), StandardCharsets.UTF_8)).isEqualTo("{\"data\":{}}");
    }

    @Test
    void aValueThatIsNotJsonIsKeptUnlessItMentionsPrivateMetadata() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = ("{\"data\":{\"id\":\"user_1\"},\"private_metadata\":{\"m\":\"" + MARKER)
                .getBytes(StandardCharsets.UTF_8);

        assertThat(redactor.redact(garbage)).isSameAs(garbage);
        assertThat(redactor.redact(truncated)).isEmpty();
        assertThat(redactor.redact(null)).isNull();
        assertThat(redactor.redact(new byte[0])).isEmpty();
    }
}
