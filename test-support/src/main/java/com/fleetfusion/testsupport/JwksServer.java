package com.fleetfusion.testsupport;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Frontend API's JWKS endpoint for tests ({@code /.well-known/jwks.json}), on a port reserved up front so that the
 * gateway can be configured before the server runs (it starts down). Keys can be published while it runs (rotation);
 * fetches are counted (the unknown-kid refetch is rate-limited); keys can be withdrawn and the endpoint made to fail
 * (500) to test the periodic re-read. Also at {@code /.well-known/openid-configuration} (discovery, naming the JWKS).
 */
public final class JwksServer {

    private static JwksServer shared;

    private final Vertx vertx = Vertx.vertx();
    private final int port = FreePorts.next();
    private final Map<String, RSAPublicKey> keys = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    private volatile boolean failing;

    /** A server of its own (not {@link #shared()}): for a test that withdraws keys or makes reads fail. */
    public JwksServer() {
    }

    public static synchronized JwksServer shared() {
        if (shared == null) {
            shared = new JwksServer();
        }
        return shared;
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + port + "/.well-known/jwks.json";
    }

    public int fetches() {
        return fetches.get();
    }

    public void publish(String kid, RSAPublicKey key) {
        keys.put(kid, key);
    }

    /** The key of {@code kid} is no longer published (a key withdrawn at Clerk). */
    public void withdraw(String kid) {
        keys.remove(kid);
    }

    /** While true, every read answers 500 (counted as a fetch). */
    public void failing(boolean fail) {
        this.failing = fail;
    }

    /** The issuer whose discovery document this server answers. */
    public String issuer() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void stop() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = vertx.createHttpServer().requestHandler(request -> {
                if (request.path().endsWith("/openid-configuration")) {
                    request.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("issuer", issuer()).put("jwks_uri", jwksUrl()).encode());
                    return;
                }
                fetches.incrementAndGet();
                if (failing) {
                    request.response().setStatusCode(500).end();
                    return;
                }
                JsonArray jwks = new JsonArray();
                keys.forEach((kid, key) -> jwks.add(new JsonObject().put("kty", "RSA").put("use", "sig")
                        .put("alg", "RS256").put("kid", kid)
                        .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()))));
                request.response().putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("keys", jwks).encode());
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("JWKS server did not start", e);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
