package com.fleetfusion.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OTLP/HTTP trace receiver on a free loopback port: it keeps every export request's body by path. Each
 * service exports to its own base path ({@code <baseUrl>/<service>}, so to {@code /<service>/v1/traces}), which tells
 * who exported a span. A span's trace id is 16 raw bytes in the protobuf body, so a trace is found by those bytes
 * without decoding the rest.
 */
final class OtlpCollector implements AutoCloseable {

    record Export(String path, byte[] body) {
    }

    private final HttpServer server;
    private final List<Export> exports = new CopyOnWriteArrayList<>();

    OtlpCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                exports.add(new Export(exchange.getRequestURI().getPath(), body.readAllBytes()));
            }
            // an empty ExportTraceServiceResponse: full success
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The OTLP endpoint a service exports to. */
    String endpointFor(String service) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + service;
    }

    /** True when {@code service} exported at least one span of the trace {@code traceIdHex} (32 hex digits). */
    boolean received(String service, String traceIdHex) {
        byte[] traceId = HexFormat.of().parseHex(traceIdHex);
        return exports.stream()
                .filter(export -> export.path().startsWith("/" + service + "/"))
                .anyMatch(export -> contains(export.body(), traceId));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
