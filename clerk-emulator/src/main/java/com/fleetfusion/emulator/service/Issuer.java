package com.fleetfusion.emulator.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fleetfusion.emulator.config.EmulatorConfig;

import io.vertx.core.http.HttpServerRequest;

/**
 * The Frontend API URL this instance claims: CLERK_ISSUER, or the emulator's own base URL http://localhost:{port},
 * where the port is the one actually listening (so a test run on a random port is consistent).
 */
@ApplicationScoped
public class Issuer {

    @Inject
    EmulatorConfig config;

    public String of(HttpServerRequest request) {
        return config.issuer().filter(i -> !i.isBlank()).map(Issuer::withoutTrailingSlash)
                .orElseGet(() -> "http://localhost:" + request.localAddress().port());
    }

    /** Where this request reached the emulator: the base of the URLs the discovery document points at. */
    public static String baseUrl(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = "localhost:" + request.localAddress().port();
        }
        return request.scheme() + "://" + host;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
