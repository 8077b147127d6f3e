package com.fleetfusion.testsupport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The packaged clerk-emulator ({@code clerk-emulator/target/quarkus-app/quarkus-run.jar}) running as a child process on
 * a free loopback port, with a given secret key and environment. Its issuer is its own base URL
 * ({@code http://127.0.0.1:<port>}). Build the jar first: {@code ./mvnw -B verify -pl clerk-emulator,<module> -am}.
 */
public final class ClerkEmulatorProcess implements AutoCloseable {

    public static final String DEFAULT_SECRET_KEY = "sk_test_fleetfusion_emulator";

    private static ClerkEmulatorProcess shared;

    private final String secretKey;
    private final QuarkusAppProcess app;

    private ClerkEmulatorProcess(String secretKey, QuarkusAppProcess app) {
        this.secretKey = secretKey;
        this.app = app;
    }

    /**
     * A new emulator on a free port; not started. {@code env} overrides its configuration (EMULATOR_RATE_LIMIT,
     * EMULATOR_TOKEN_VERSION, EMULATOR_AUTHORIZED_PARTIES, EMULATOR_WEBHOOK_URLS, ...).
     */
    public static ClerkEmulatorProcess create(String secretKey, Map<String, String> env) {
        int port = FreePorts.next();
        Map<String, String> environment = new HashMap<>();
        environment.put("CLERK_SECRET_KEY", secretKey);
        environment.put("CLERK_ISSUER", "http://127.0.0.1:" + port);
        environment.putAll(env);
        return new ClerkEmulatorProcess(secretKey, QuarkusAppProcess.of("clerk-emulator", port, environment));
    }

    /** The emulator of this JVM (default secret key), started on first use and stopped when the JVM exits. */
    public static synchronized ClerkEmulatorProcess shared() {
        if (shared == null) {
            shared = create(DEFAULT_SECRET_KEY, Map.of());
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "clerk-emulator-stop"));
        }
        return shared;
    }

    /** The issuer, Frontend API and Backend API base: {@code http://127.0.0.1:<port>} (Backend API under /v1). */
    public String baseUrl() {
        return app.baseUrl();
    }

    public String issuer() {
        return baseUrl();
    }

    public String secretKey() {
        return secretKey;
    }

    public int port() {
        return app.port();
    }

    public Path log() {
        return app.log();
    }

    /** A control API client of this emulator. */
    public ClerkEmulatorClient client() {
        return new ClerkEmulatorClient(baseUrl());
    }

    public boolean isRunning() {
        return app.isRunning();
    }

    /** Starts the emulator and returns once /q/health/ready answers 200. */
    public void start() {
        app.start();
    }

    /** Stops the emulator process (all its state is in memory: a restart starts empty, with new keys). */
    public void stop() {
        app.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
