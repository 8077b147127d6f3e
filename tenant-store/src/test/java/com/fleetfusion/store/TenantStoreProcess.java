package com.fleetfusion.store;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fleetfusion.testsupport.FreePorts;
import com.fleetfusion.testsupport.KafkaBroker;
import com.fleetfusion.testsupport.PostgresServer;
import com.fleetfusion.testsupport.SessionTokens;
import com.fleetfusion.testsupport.TestEventKeys;

import static org.awaitility.Awaitility.await;

/** The packaged tenant-store ({@code target/quarkus-app/quarkus-run.jar}) as a child process, as ops run it. */
final class TenantStoreProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;

    private TenantStoreProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service on the given broker and database and returns once it is ready. */
    static TenantStoreProcess start(KafkaBroker broker, PostgresServer postgres, String logName,
            Map<String, String> systemProperties) {
        int port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", logName).toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putAll(broker.clientSettings(KafkaBroker.TENANT_STORE).environment());
        env.put("DB_URL", postgres.url());
        env.put("DB_USER", PostgresServer.TENANT_STORE_USER);
        env.put("DB_PASSWORD", PostgresServer.SERVICE_PASSWORD);
        env.put("CLERK_ISSUER", SessionTokens.ISSUER);
        env.put("CLERK_JWT_KEY", SessionTokens.publicKeyPem());
        env.put("EVENTS_SIGNING_KEYS", TestEventKeys.SIGNING_KEYS);
        // explicit safe values: the packaged service refuses to start in production without them
        env.put("CLERK_AUTHORIZED_PARTIES", SessionTokens.AUTHORIZED_PARTY);
        env.put("CLERK_SECRET_KEY", "sk_test_replay_and_kill_only");
        try {
            TenantStoreProcess app = new TenantStoreProcess(builder.start(), port);
            await("tenant-store ready on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!app.process.isAlive()) {
                            throw new IllegalStateException("tenant-store exited; see target/" + logName);
                        }
                        return app.status("/q/health/ready") == 200;
                    });
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A counter of the Prometheus endpoint, e.g. {@code tenant_store_events_total{outcome="duplicate"}}. */
    double metric(String name, String outcome) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*outcome=\"" + outcome
                + "\"[^}]*} (\\S+)$").matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** SIGTERM, as Kubernetes stops a pod: the consumer leaves its group. */
    void stop() {
        process.destroy();
        waitForExit();
    }

    /** SIGKILL: no shutdown hook, no last commit. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    static String readmeCommand(String section, String startsWith) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("## " + section);
        if (at < 0) {
            throw new IllegalStateException("README.md has no section " + section);
        }
        for (String line : readme.substring(at).split("\n")) {
            if (line.startsWith(startsWith)) {
                return line;
            }
        }
        throw new IllegalStateException("README.md section " + section + " has no line starting " + startsWith);
    }
}
