package com.fleetfusion.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged clerk-emulator ({@code clerk-emulator/target/quarkus-app/quarkus-run.jar}) running as a child process on
 * a free loopback port, with a given secret key and environment. Its issuer is its own base URL
 * ({@code http://127.0.0.1:<port>}). Build the jar first: {@code /tmp/mvnl -B verify -pl clerk-emulator,<module> -am}.
 */
public final class ClerkEmulatorProcess implements AutoCloseable {

    public static final String DEFAULT_SECRET_KEY = "sk_test_fleetfusion_emulator";

    private static ClerkEmulatorProcess shared;

    private final int port;
    private final String secretKey;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private ClerkEmulatorProcess(int port, String secretKey, Map<String, String> env, Path log) {
        this.port = port;
        this.secretKey = secretKey;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /**
     * A new emulator on a free port; not started. {@code env} overrides its configuration (EMULATOR_RATE_LIMIT,
     * EMULATOR_TOKEN_VERSION, EMULATOR_AUTHORIZED_PARTIES, EMULATOR_WEBHOOK_URLS, ...).
     */
    public static ClerkEmulatorProcess create(String secretKey, Map<String, String> env) {
        try {
            return new ClerkEmulatorProcess(FreePorts.next(), secretKey, env,
                    Files.createTempFile("clerk-emulator-", ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return "http://127.0.0.1:" + port;
    }

    public String issuer() {
        return baseUrl();
    }

    public String secretKey() {
        return secretKey;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** A control API client of this emulator. */
    public ClerkEmulatorClient client() {
        return new ClerkEmulatorClient(baseUrl());
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the emulator and returns once /q/health/ready answers 200. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path jar = locateJar();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.put("CLERK_SECRET_KEY", secretKey);
        environment.put("CLERK_ISSUER", issuer());
        environment.putAll(env);
        builder.environment().putAll(environment);
        try {
            Process launched = builder.start();
            process = launched;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            await("clerk-emulator at " + baseUrl()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ready(launched, http));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start clerk-emulator", e);
        }
    }

    /** Stops the emulator process (all its state is in memory: a restart starts empty, with new keys). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Called from Awaitility's thread while start() holds the monitor: must not synchronise. */
    private boolean ready(Process launched, HttpClient http) {
        if (!launched.isAlive()) {
            throw new IllegalStateException("clerk-emulator exited; see " + log);
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Walks up from the working directory to the repository root, the directory that holds clerk-emulator/. */
    static Path locateJar() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("clerk-emulator"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no clerk-emulator/ directory above " + Path.of("").toAbsolutePath());
        }
        Path jar = dir.resolve("clerk-emulator/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build clerk-emulator first: " + jar + " is missing (run /tmp/mvnl -B"
                    + " verify -pl clerk-emulator,<your-module> -am)");
        }
        return jar;
    }
}
