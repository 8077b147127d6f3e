package com.fleetfusion.emulator;

import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A real HTTP endpoint on a free loopback port that records every webhook request (headers and raw body) and answers
 * with the statuses queued by the test (then 204).
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> answers = new ConcurrentLinkedDeque<>();

    WebhookReceiver(Vertx vertx) throws Exception {
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(buffer -> {
            Map<String, List<String>> headers = new HashMap<>();
            request.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(),
                    k -> new ArrayList<>()).add(h.getValue()));
            received.add(new Received(headers, buffer.toString(java.nio.charset.StandardCharsets.UTF_8)));
            Integer status = answers.poll();
            request.response().setStatusCode(status == null ? 204 : status).end();
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/webhooks/clerk";
    }

    /** The next requests are answered with these statuses, in order. */
    void answer(Integer... statuses) {
        answers.addAll(List.of(statuses));
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
