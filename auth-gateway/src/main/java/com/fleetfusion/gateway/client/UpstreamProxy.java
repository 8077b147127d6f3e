package com.fleetfusion.gateway.client;

import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fleetfusion.gateway.config.GatewayConfig;
import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.gateway.service.GatewayMetrics;
import com.fleetfusion.gateway.service.RouteTable.RouteMatch;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Forwards an authorized request to its upstream and streams the answer back, over pooled keep-alive connections.
 * The upstream sees the session as a bearer token (also when it came as the {@code __session} cookie), the request id
 * and the trace context, and never a header by which a client could claim an identity.
 */
@Singleton
public class UpstreamProxy {

    public static final String REQUEST_ID = "X-Request-Id";
    // header names set on every request, with their hash computed once
    private static final CharSequence REQUEST_ID_NAME = HttpHeaders.createOptimized(REQUEST_ID);
    private static final CharSequence TRACEPARENT_NAME = HttpHeaders.createOptimized("traceparent");
    private static final CharSequence TRACESTATE_NAME = HttpHeaders.createOptimized("tracestate");
    private static final CharSequence FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
    private static final CharSequence FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
    private static final CharSequence FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Upstream answers up to this size (by Content-Length) are relayed in one write instead of a stream. */
    private static final long SMALL_BODY = 64 * 1024;
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** Hop-by-hop headers (RFC 9110 7.6.1) and those the proxy sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "authorization", "cookie", "x-request-id", "traceparent", "tracestate", "content-length");
    /** Hop-by-hop headers, and those the gateway answers itself (nosniff, no-store: application.properties). */
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length",
            "x-content-type-options", "cache-control");

    private final Vertx vertx;
    private final HttpClientOptions clientOptions;
    private final PoolOptions poolOptions;
    /** For calls made off the event loops (none on the request path). */
    private final HttpClient shared;
    /**
     * One client, so one connection pool, per event loop: Vert.x 4's pool lends any idle connection, also one owned
     * by another event loop, and then every write and every response event of the exchange hops threads.
     */
    private final Map<Thread, HttpClient> eventLoopClients = new ConcurrentHashMap<>();
    /** Upstream base URL -> scheme, host and port, parsed once. */
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    /** The identity header rules: exact names, and the prefixes of those ending in {@code *}. */
    private final Set<String> identityNames;
    private final List<String> identityPrefixes;

    UpstreamProxy(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        List<String> rules = config.identityHeaders().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        this.identityNames = Set.copyOf(rules.stream().filter(rule -> !rule.endsWith("*")).toList());
        this.identityPrefixes = rules.stream().filter(rule -> rule.endsWith("*"))
                .map(rule -> rule.substring(0, rule.length() - 1)).toList();
        this.clientOptions = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
                .setDecompressionSupported(false);
        this.poolOptions = new PoolOptions().setHttp1MaxSize(config.upstream().maxPoolSize());
        this.shared = vertx.createHttpClient(clientOptions, poolOptions);
    }

    @PreDestroy
    void close() {
        shared.close();
        eventLoopClients.values().forEach(HttpClient::close);
    }

    private HttpClient client() {
        if (!Context.isOnEventLoopThread()) {
            return shared;
        }
        Thread thread = Thread.currentThread();
        HttpClient client = eventLoopClients.get(thread);
        return client != null ? client
                : eventLoopClients.computeIfAbsent(thread, t -> vertx.createHttpClient(clientOptions, poolOptions));
    }

    /** Where an upstream base URL points (a path in it prefixes every upstream path). */
    private record Origin(boolean ssl, String host, int port, String basePath) {

        static Origin of(String baseUrl) {
            URI uri = URI.create(baseUrl);
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return new Origin(ssl, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80,
                    path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }
    }

    /** The client's request id when it is a safe token, else a new one. */
    public static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID);
        if (given != null && SAFE_REQUEST_ID.matcher(given).matches()) {
            return given;
        }
        // a correlation id, not a secret: a random v4 UUID without SecureRandom's lock on every request
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(3L << 62) | 1L << 63).toString();
    }

    /**
     * Sends the (paused) request upstream with the given {@code Authorization} value and relays the response;
     * completes when the response has started. Fails with 502 when the upstream cannot be reached and 504 when it does
     * not answer in time (a {@link GatewayException}). A Vert.x future, not a Uni: the proxy works at the Vert.x
     * level, where a Mutiny pipeline per request only added a context capture on every operator.
     */
    public Future<Void> forward(HttpServerRequest request, HttpServerResponse response, RouteMatch match,
            CharSequence authorization, String requestId) {
        Origin origin = origins.computeIfAbsent(match.route().upstream(), Origin::of);
        String query = request.query();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setSsl(origin.ssl())
                .setHost(origin.host())
                .setPort(origin.port())
                .setURI(origin.basePath() + match.upstreamPath() + (query == null ? "" : "?" + query))
                .setConnectTimeout(config.upstream().connectTimeout().toMillis())
                .setIdleTimeout(config.upstream().timeout().toMillis());
        long started = System.nanoTime();
        String route = match.route().name();
        boolean hasBody = request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        var sent = client().request(options).compose(upstream -> {
            // straight into the request's own headers: no intermediate map to validate and copy again
            upstreamHeaders(request, upstream.headers(), authorization, requestId);
            if (!hasBody) {
                request.resume();
                return upstream.send();
            }
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                upstream.putHeader(HttpHeaders.CONTENT_LENGTH, length);
            } else {
                upstream.setChunked(true);
            }
            return upstream.send(request);
        });
        return sent.transform(answer -> {
            if (answer.failed()) {
                GatewayException refused = upstreamFailure(answer.cause(), route);
                metrics.upstream(route, refused.type().slug(), System.nanoTime() - started);
                return Future.failedFuture(refused);
            }
            HttpClientResponse upstreamResponse = answer.result();
            metrics.upstream(route, upstreamResponse.statusCode(), System.nanoTime() - started);
            relay(upstreamResponse, response, requestId);
            return Future.succeededFuture();
        });
    }

    private void upstreamHeaders(HttpServerRequest request, MultiMap headers, CharSequence authorization,
            String requestId) {
        request.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(name) && !isIdentityHeader(name)) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        headers.set(HttpHeaders.AUTHORIZATION, authorization);
        headers.set(REQUEST_ID_NAME, requestId);
        String traceparent = request.getHeader(TRACEPARENT_NAME);
        if (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) {
            headers.set(TRACEPARENT_NAME, traceparent);
            String tracestate = request.getHeader(TRACESTATE_NAME);
            if (tracestate != null) {
                headers.set(TRACESTATE_NAME, tracestate);
            }
        }
        headers.set(FORWARDED_FOR, request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
        headers.set(FORWARDED_PROTO, request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set(FORWARDED_HOST, request.authority().toString());
        }
    }

    boolean isIdentityHeader(String lowerCaseName) {
        if (identityNames.contains(lowerCaseName)) {
            return true;
        }
        for (String prefix : identityPrefixes) {
            if (lowerCaseName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response, String requestId) {
        response.setStatusCode(upstream.statusCode());
        upstream.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            // CORS is the gateway's answer, not the upstream's
            if (!NOT_RETURNED.contains(name) && !name.startsWith("access-control-")) {
                response.headers().add(header.getKey(), header.getValue());
            }
        });
        response.putHeader(REQUEST_ID_NAME, requestId);
        String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean head = upstream.request().getMethod() == HttpMethod.HEAD;
        if (length != null) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, length);
            if (!head && isSmall(length)) {
                // headers and body leave in one write; a stream would flush the body and its end separately
                upstream.body().onComplete(body -> {
                    if (body.succeeded()) {
                        response.end(body.result());
                    } else {
                        response.reset();
                    }
                });
                return;
            }
        } else if (!head) {
            response.setChunked(true);
        }
        // streams with back-pressure; a failure half-way resets the client connection (nothing else can be said)
        response.send(upstream).onFailure(t -> response.reset());
    }

    private static boolean isSmall(String contentLength) {
        if (contentLength.isEmpty() || contentLength.length() > 6) {
            return false;
        }
        for (int i = 0; i < contentLength.length(); i++) {
            if (contentLength.charAt(i) < '0' || contentLength.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(contentLength) <= SMALL_BODY;
    }

    private static GatewayException upstreamFailure(Throwable failure, String route) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof TimeoutException) {
                break;
            }
            cause = cause.getCause();
        }
        if (failure instanceof TimeoutException || cause instanceof TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout") && !(failure instanceof ConnectTimeoutException)) {
            return new GatewayException(ProblemType.UPSTREAM_TIMEOUT, "route " + route + ": no answer in time");
        }
        if (failure instanceof ConnectException || cause instanceof ConnectException
                || failure instanceof ConnectTimeoutException) {
            return new GatewayException(ProblemType.UPSTREAM_UNAVAILABLE, "route " + route + ": upstream unreachable");
        }
        return new GatewayException(ProblemType.UPSTREAM_UNAVAILABLE, "route " + route + ": upstream failed");
    }
}
