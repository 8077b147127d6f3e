package com.fleetfusion.gateway.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fleetfusion.testsupport.FreePorts;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A real upstream for the gateway's tests: a Vert.x HTTP server on a free loopback port answering every request with
 * its method, path, query, headers and body as JSON. {@code /slow/**} never answers (the gateway's timeout is tested).
 */
public final class EchoUpstream implements AutoCloseable {

    private static EchoUpstream shared;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger received = new AtomicInteger();
    private final int port;
    private HttpServer server;

    private EchoUpstream(int port) {
        this.port = port;
    }

    public static synchronized EchoUpstream shared() {
        if (shared == null) {
            shared = new EchoUpstream(FreePorts.next());
            shared.start();
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** How many requests reached this upstream so far. */
    public int received() {
        return received.get();
    }

    private void start() {
        try {
            server = vertx.createHttpServer().requestHandler(request -> {
                received.incrementAndGet();
                if (request.path().startsWith("/slow")) {
                    return;
                }
                request.body().onSuccess(body -> {
                    JsonObject headers = new JsonObject();
                    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                    JsonObject echo = new JsonObject()
                            .put("method", request.method().name())
                            .put("path", request.path())
                            .put("query", request.query())
                            .put("headers", headers)
                            .put("body", body.toString());
                    request.response().putHeader("Content-Type", "application/json")
                            .putHeader("Access-Control-Allow-Origin", "*")
                            // the gateway answers these itself: never relayed
                            .putHeader("Cache-Control", "public, max-age=600")
                            .end(echo.encode());
                });
            }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("echo upstream did not start", e);
        }
    }

    @Override
    public void close() {
        vertx.close();
    }
}
