package com.fleetfusion.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.testsupport.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static com.fleetfusion.ingest.ClerkDeliveries.PATH;
import static com.fleetfusion.ingest.ClerkDeliveries.SECRET_ONE;
import static com.fleetfusion.ingest.ClerkDeliveries.deliverAt;
import static com.fleetfusion.ingest.ClerkDeliveries.newSvixId;
import static com.fleetfusion.ingest.ClerkDeliveries.sign;
import static com.fleetfusion.ingest.ClerkDeliveries.userCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Every refusal of POST /webhooks/clerk: its status, and a problem+json that echoes nothing it was sent. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class ClerkWebhookRefusalTest {

    private static final long LIMIT = 1024 * 1024;

    @TestHTTPResource(PATH)
    URI webhookUri;

    @Test
    void deliveryMissingAnySvixHeaderIsRefusedWith400() {
        byte[] body = userCreated("user_missing_headers");
        String id = newSvixId();
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = sign(SECRET_ONE, id, Long.parseLong(ts), body);
        String[][] headerSets = {
                { "svix-timestamp", ts, "svix-signature", signature },
                { "svix-id", id, "svix-signature", signature },
                { "svix-id", id, "svix-timestamp", ts },
                {} };
        for (String[] headers : headerSets) {
            var request = given().contentType(ContentType.JSON).body(body);
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            assertProblem(request.post(PATH), 400, "missing-signature-headers");
        }
    }

    @Test
    void nonNumericTimestampIsRefusedWith400() {
        assertProblem(given().contentType(ContentType.JSON).header("svix-id", newSvixId())
                .header("svix-timestamp", "yesterday").header("svix-signature", "v1,AAAA")
                .body(userCreated("user_bad_ts")).post(PATH), 400, "malformed-signature-headers");
    }

    @Test
    void forgedSignatureIsRefusedWith401() {
        byte[] body = userCreated("user_forged");
        Response response = given().contentType(ContentType.JSON).header("svix-id", newSvixId())
                .header("svix-timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("svix-signature", "v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=")
                .body(body).post(PATH);
        assertProblem(response, 401, "invalid-signature");
    }

    @Test
    void deliverySignedWithAnUnknownSecretIsRefusedWith401() {
        assertProblem(ClerkDeliveries.deliver(ClerkDeliveries.UNKNOWN_SECRET, newSvixId(), userCreated("user_unknown")),
                401, "invalid-signature");
    }

    @Test
    void bodyChangedAfterSigningIsRefusedWith401() {
        String id = newSvixId();
        long now = Instant.now().getEpochSecond();
        byte[] signed = userCreated("user_signed");
        byte[] tampered = userCreated("user_tampered");
        Response response = given().contentType(ContentType.JSON).header("svix-id", id)
                .header("svix-timestamp", Long.toString(now)).header("svix-signature", sign(SECRET_ONE, id, now, signed))
                .body(tampered).post(PATH);
        assertProblem(response, 401, "invalid-signature");
    }

    @Test
    void timestampMoreThanFiveMinutesOldOrAheadIsRefusedWith401() {
        long now = Instant.now().getEpochSecond();
        for (long timestamp : new long[] { now - 5 * 60 - 30, now + 5 * 60 + 30 }) {
            assertProblem(deliverAt(SECRET_ONE, newSvixId(), timestamp, userCreated("user_stale")), 401,
                    "timestamp-out-of-tolerance");
        }
    }

    @Test
    void nonJsonContentTypeIsRefusedWith415() {
        assertProblem(given().contentType(ContentType.TEXT).body("hello").post(PATH), 415, "unsupported-media-type");
    }

    @Test
    void methodsOtherThanPostAreRefusedWith405() {
        assertProblem(given().get(PATH), 405, "method-not-allowed");
        assertProblem(given().contentType(ContentType.JSON).body("{}").put(PATH), 405, "method-not-allowed");
        assertProblem(given().delete(PATH), 405, "method-not-allowed");
    }

    @Test
    void benchmarkBaselineEndpointIsOffByDefault() {
        assertProblem(given().contentType(ContentType.JSON).body("{}").post("/webhooks/baseline"), 404, "not-found");
    }

    @Test
    void refusalsEchoNeitherTheBodyNorAHeaderNorASecret() {
        String id = newSvixId();
        Response response = ClerkDeliveries.deliver(ClerkDeliveries.UNKNOWN_SECRET, id, userCreated("user_echo_canary"));
        String answer = response.asString();
        assertThat(answer).doesNotContain("user_echo_canary", id, "whsec_", "dGVzdC1zZWNyZXQ", "v1,");
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedWith413BeforeTheBodyIsSent() throws Exception {
        // Expect: 100-continue and no body at all: the client sends the body only if the server asks for it, so a 413
        // proves the refusal came from the declared length, with no byte of the body read
        try (Socket socket = open()) {
            socket.getOutputStream().write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (LIMIT + 1) + "\r\n"
                    + "Expect: 100-continue\r\nsvix-id: msg_large\r\nsvix-timestamp: 1\r\nsvix-signature: v1,x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("body-too-large")
                    .doesNotContain("100 Continue");
        }
    }

    @Test
    void endlessChunkedBodyIsCutAtTheLimitWith413() throws Exception {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nsvix-id: msg_chunked\r\nsvix-timestamp: 1\r\n"
                    + "svix-signature: v1,x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // a body that never ends: only a server that stops reading at the limit can answer at all
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[16 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (true) {
                        out.write(head);
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException closedByServer) {
                    // expected: the server closes the connection after its answer
                }
            });
            String statusLine = readLine(socket.getInputStream());
            assertThat(statusLine).startsWith("HTTP/1.1 413 ");
            writer.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(webhookUri.getHost(), webhookUri.getPort());
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    static void assertProblem(Response response, int status, String type) {
        response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("https://fleetfusion.dev/problems/" + type))
                .body("title", org.hamcrest.Matchers.notNullValue());
        // and the type is one the catalogue lists for this service
        assertThat(ProblemType.answeredBy(ProblemType.Service.WEBHOOK_INGEST)).extracting(ProblemType::uri)
                .contains("https://fleetfusion.dev/problems/" + type);
    }
}
