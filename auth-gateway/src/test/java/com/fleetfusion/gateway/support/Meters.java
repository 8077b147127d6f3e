package com.fleetfusion.gateway.support;

import static io.restassured.RestAssured.given;

/** Reads one sample of the gateway's own Prometheus endpoint ({@code /q/metrics}); 0 when the series is not there yet. */
public final class Meters {

    private Meters() {
    }

    /** The value of {@code name} (e.g. {@code gateway_auth_failures_total}) whose labels contain {@code label}. */
    public static double value(String name, String label) {
        String text = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean named = series.equals(name) || series.startsWith(name + "{");
            if (named && (label == null || series.contains(label))) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        return 0;
    }

    /** Full verifications (signature and claims) the gateway has made so far. */
    public static double verifications() {
        return value("gateway_token_verifications_total", null);
    }

    /** Refusals counted under {@code reason} so far. */
    public static double authFailures(String reason) {
        return value("gateway_auth_failures_total", "reason=\"" + reason + "\"");
    }
}
