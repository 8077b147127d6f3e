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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One of the suite's services running from its packaged form ({@code <module>/target/quarkus-app/quarkus-run.jar})
 * as a child process on a free loopback port, as {@code java -jar} would run it in production: for tests that need
 * real HTTP between separate processes. Build the module first ({@code ./mvnw verify} builds them in order).
 */
public final class QuarkusAppProcess implements AutoCloseable {

    private final String module;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private QuarkusAppProcess(String module, int port, Map<String, String> env, Path log) {
        this.module = module;
        this.port = port;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /** The module's packaged application on a free port, configured by {@code env}; not started. */
    public static QuarkusAppProcess of(String module, Map<String, String> env) {
        return of(module, FreePorts.next(), env);
    }

    /** The module's packaged application on {@code port}, configured by {@code env}; not started. */
    public static QuarkusAppProcess of(String module, int port, Map<String, String> env) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "process-logs"));
            return new QuarkusAppProcess(module, port, env, logs.resolve(module + "-" + port + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the application and returns once {@code /q/health/ready} answers 200. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", packagedJar(module).toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = new HashMap<>(env);
        // the records the tests write are signed with these: the packaged service needs them (no default in prod)
        environment.putIfAbsent("EVENTS_SIGNING_KEYS", TestEventKeys.SIGNING_KEYS);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().putAll(environment);
        try {
            Process launched = builder.start();
            process = launched;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            await(module + " at " + baseUrl()).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> ready(launched, http));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + module, e);
        }
    }

    /** The operating system's id of the running process, -1 when stopped (for RSS and CPU readings). */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    /** Stops the application: SIGTERM (Quarkus shuts down gracefully), forced after 20 s. */
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

    /** Kills the application without letting it shut down, as a crash or an OOM kill would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            throw new IllegalStateException(module + " exited; see " + log.toAbsolutePath());
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

    /** The repository's root: the nearest directory above the working directory that holds the Maven wrapper. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (with mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The packaged jar of a module of this repository. */
    public static Path packagedJar(String module) {
        Path jar = repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build " + module + " first: " + jar + " is missing");
        }
        return jar;
    }
}
