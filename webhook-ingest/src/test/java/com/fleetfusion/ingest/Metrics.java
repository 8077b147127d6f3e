package com.fleetfusion.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Reads the service's Prometheus exposition. */
final class Metrics {

    private Metrics() {
    }

    static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of the samples of {@code name} whose label set contains {@code labels} (a fragment such as
     * {@code outcome="accepted"}, or empty for all); 0 when there is none yet.
     */
    static double value(String name, String labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(scrape());
        double sum = 0;
        while (matcher.find()) {
            String labelSet = matcher.group(1) == null ? "" : matcher.group(1);
            if (labelSet.contains(labels)) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }
}
