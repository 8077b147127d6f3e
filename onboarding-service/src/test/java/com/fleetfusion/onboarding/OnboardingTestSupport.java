package com.fleetfusion.onboarding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fleetfusion.testsupport.ClerkEmulatorClient;
import com.fleetfusion.testsupport.ClerkEmulatorProcess;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import static io.restassured.RestAssured.given;

/** What the onboarding tests share: emulator users and tokens, the SPA's body, the call, metric readings. */
abstract class OnboardingTestSupport {

    final ClerkEmulatorClient emulator = ClerkEmulatorProcess.shared().client();
    final ClerkBackendProbe clerk = new ClerkBackendProbe();

    /** A freshly signed-up user's id. */
    String newUser() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return emulator.signUpUserId("driver-" + tag + "@fleet.example", "Dana", "Driver-" + tag);
    }

    String tokenOf(String userId) {
        return emulator.token(userId);
    }

    /** The example body of the issue, with a name unique to the test. */
    static Map<String, Object> form(String organizationName) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("line1", "1 Main St");
        address.put("line2", null);
        address.put("city", "Austin");
        address.put("region", "TX");
        address.put("postalCode", "73301");
        address.put("country", "US");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("organizationName", organizationName);
        body.put("legalName", organizationName + " LLC");
        body.put("usdotNumber", "1234567");
        body.put("fleetSize", 12);
        body.put("contactPhone", "+1 555 0100");
        body.put("address", address);
        return body;
    }

    static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 6);
    }

    static Response submit(String token, Object body) {
        return submit(token, body, null);
    }

    static Response submit(String token, Object body, String idempotencyKey) {
        var request = given().contentType(ContentType.JSON).auth().oauth2(token).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/onboarding");
    }

    /** The sum of a Prometheus metric's samples whose labels include all of {@code labels}. */
    static double metric(String name, Map<String, String> labels) {
        String text = given().accept("text/plain").get("/q/metrics").asString();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean matches = labels.entrySet().stream()
                    .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\""));
            if (matches) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
