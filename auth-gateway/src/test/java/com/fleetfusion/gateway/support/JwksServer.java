package com.fleetfusion.gateway.support;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fleetfusion.testsupport.FreePorts;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Frontend API's JWKS endpoint for tests ({@code /.well-known/jwks.json}), on a port reserved up front so that the
 * gateway can be configured before the server runs (it starts down). Keys can be published while it runs (rotation);
 * fetches are counted (the unknown-kid refetch is rate-limited).
 */
public final class JwksServer {

    private static JwksServer shared;

    private final Vertx vertx = Vertx.vertx();
    private final int port = FreePorts.next();
    private final Map<String, RSAPublicKey> keys = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

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

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = vertx.createHttpServer().requestHandler(request -> {
                fetches.incrementAndGet();
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
