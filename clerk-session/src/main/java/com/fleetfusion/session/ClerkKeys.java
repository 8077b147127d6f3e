package com.fleetfusion.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Clerk's signing keys by kid: the PEM key of {@code CLERK_JWT_KEY}, or the JWKS of {@code CLERK_JWKS_URL} or of
 * discovery. The JWKS is read at start, re-read every {@code CLERK_JWKS_REFRESH_INTERVAL} (a key withdrawn at Clerk
 * stops verifying within that interval) and refetched for an unknown kid at most every
 * {@code clerk.unknown-kid-refetch-interval}. A failed read keeps the last good keys; after
 * {@code clerk.jwks-failures-before-unready} failures in a row readiness goes DOWN until a read succeeds.
 * Reads never overlap: a read asked for while one runs waits for that one.
 */
@ApplicationScoped
public class ClerkKeys {

    private static final Logger LOG = Logger.getLogger(ClerkKeys.class);
    /** While no key was ever loaded, a token may trigger a read this often at most. */
    private static final long UNLOADED_RETRY_NANOS = 1_000_000_000L;

    private final ClerkSessionConfig config;
    private final Vertx vertx;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final PublicKey pemKey;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile boolean loaded;
    private volatile URI jwksUri;
    private volatile long lastRefetchNanos;
    private volatile long lastLoadAttemptNanos;
    private final List<Runnable> withdrawalListeners = new CopyOnWriteArrayList<>();
    private CompletableFuture<Void> inFlight;
    private long timer = -1;

    public ClerkKeys(ClerkSessionConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectionTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.pemKey = config.jwtKey().filter(pem -> !pem.isBlank()).map(ClerkKeys::pemPublicKey).orElse(null);
        this.loaded = pemKey != null;
        this.lastRefetchNanos = System.nanoTime() - config.unknownKidRefetchInterval().toNanos();
        this.lastLoadAttemptNanos = System.nanoTime() - UNLOADED_RETRY_NANOS;
    }

    void onStart(@Observes StartupEvent start) {
        start();
    }

    /** First read and the periodic re-read; nothing to do with a PEM key. */
    public void start() {
        if (pemKey != null || timer >= 0) {
            return;
        }
        refresh();
        timer = vertx.setPeriodic(config.jwksRefreshInterval().toMillis(), id -> refresh());
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Runs {@code listener} after a read that withdrew a key (its kid no longer published, or another key under it),
     * so that a cache of verified tokens stops honouring tokens of that key at once, not when its entries expire.
     */
    public void onWithdrawal(Runnable listener) {
        withdrawalListeners.add(listener);
    }

    /** The key of {@code kid}, null when unknown; with a PEM key that key whatever the kid. */
    public PublicKey key(String kid) {
        if (pemKey != null) {
            return pemKey;
        }
        return kid == null ? null : keys.get(kid);
    }

    /** True once a key set has been read (or a PEM key is configured). */
    public boolean loaded() {
        return loaded;
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Readiness: keys loaded and fewer failed reads in a row than the configured limit. */
    public boolean healthy() {
        return loaded && consecutiveFailures.get() < config.jwksFailuresBeforeUnready();
    }

    /** {@code pem}, {@code jwks-url} or {@code discovery}. */
    public String source() {
        return pemKey != null ? "pem" : config.jwksUrl().filter(url -> !url.isBlank()).isPresent() ? "jwks-url"
                : "discovery";
    }

    /** The JWKS URL in use (null with a PEM key, or before discovery answered). */
    public URI jwksUri() {
        return jwksUri;
    }

    /**
     * A read for a token whose kid is unknown, unless one ran within {@code clerk.unknown-kid-refetch-interval};
     * completes when the read (or the one already running) ends, whatever its outcome.
     */
    public Uni<Void> refetchForUnknownKid() {
        if (pemKey != null) {
            return Uni.createFrom().voidItem();
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (inFlight == null && now - lastRefetchNanos < config.unknownKidRefetchInterval().toNanos()) {
                return Uni.createFrom().voidItem();
            }
            lastRefetchNanos = now;
        }
        return read();
    }

    /**
     * While no key was ever read (Clerk unreachable at start): a read, at most once a second, so that the service
     * becomes ready as soon as Clerk answers rather than at the next periodic read. Does not count against the
     * unknown-kid limit.
     */
    public Uni<Void> ensureLoaded() {
        if (loaded) {
            return Uni.createFrom().voidItem();
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (inFlight == null && now - lastLoadAttemptNanos < UNLOADED_RETRY_NANOS) {
                return Uni.createFrom().voidItem();
            }
            lastLoadAttemptNanos = now;
        }
        return read();
    }

    /** A read as a Uni that completes on the caller's Vert.x context, if any (the HTTP client completes elsewhere). */
    private Uni<Void> read() {
        Context context = Vertx.currentContext();
        Uni<Void> read = Uni.createFrom().completionStage(refresh()).replaceWithVoid();
        return context == null ? read : read.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Reads the JWKS now (or joins the read running); a failure keeps the keys and is counted. */
    public synchronized CompletableFuture<Void> refresh() {
        if (pemKey != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Void> read = jwksLocation().thenCompose(uri -> get(uri)).thenAccept(body -> {
            Map<String, PublicKey> read1 = parse(body);
            Map<String, PublicKey> previous = keys;
            keys = read1;
            loaded = true;
            if (!read1.entrySet().containsAll(previous.entrySet())) {
                // a key withdrawn (or replaced under its kid): whatever remembers verified tokens must forget them
                withdrawalListeners.forEach(Runnable::run);
            }
            int failed = consecutiveFailures.getAndSet(0);
            if (failed > 0) {
                LOG.infof("Clerk JWKS read again after %d failed attempt(s): %d key(s)", failed, read1.size());
            }
        }).exceptionally(failure -> {
            int failed = consecutiveFailures.incrementAndGet();
            // discovery may have moved the JWKS: ask again next time
            jwksUri = config.jwksUrl().filter(url -> !url.isBlank()).map(URI::create).orElse(null);
            LOG.warnf("Clerk JWKS read failed (%d in a row), keeping the last good keys: %s", failed,
                    rootMessage(failure));
            return null;
        }).whenComplete((ignored, failure) -> {
            synchronized (this) {
                inFlight = null;
            }
        });
        if (!read.isDone()) {
            inFlight = read;
        }
        return read;
    }

    private CompletableFuture<URI> jwksLocation() {
        if (jwksUri != null) {
            return CompletableFuture.completedFuture(jwksUri);
        }
        if (config.jwksUrl().filter(url -> !url.isBlank()).isPresent()) {
            jwksUri = URI.create(config.jwksUrl().get());
            return CompletableFuture.completedFuture(jwksUri);
        }
        String issuer = config.issuer().endsWith("/") ? config.issuer() : config.issuer() + "/";
        return get(URI.create(issuer + ".well-known/openid-configuration")).thenApply(body -> {
            try {
                JsonNode discovery = json.readTree(body);
                String location = discovery.path("jwks_uri").asText(null);
                if (location == null || location.isBlank()) {
                    throw new IllegalStateException("the discovery document has no jwks_uri");
                }
                jwksUri = URI.create(location);
                return jwksUri;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the discovery document is not JSON", e);
            }
        });
    }

    private CompletableFuture<String> get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.connectionTimeout())
                .header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri.getPath() + " answered " + response.statusCode());
            }
            return response.body();
        });
    }

    /** The RSA signing keys of a JWKS by kid; a set without any is a failed read (an empty JWKS would lock everyone out). */
    static Map<String, PublicKey> parse(String body) {
        try {
            Map<String, PublicKey> byKid = new HashMap<>();
            for (JsonWebKey key : new JsonWebKeySet(body).getJsonWebKeys()) {
                boolean signing = key.getUse() == null || "sig".equals(key.getUse());
                if (signing && key.getKeyId() != null && "RSA".equals(key.getKeyType())
                        && key instanceof PublicJsonWebKey rsa) {
                    byKid.put(key.getKeyId(), rsa.getPublicKey());
                }
            }
            if (byKid.isEmpty()) {
                throw new IllegalStateException("the JWKS has no RSA signing key with a kid");
            }
            return Map.copyOf(byKid);
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException("the JWKS cannot be parsed", e);
        }
    }

    /** A PEM public key as an environment variable may carry it (real or escaped newlines, headers or not). */
    static PublicKey pemPublicKey(String pem) {
        String body = pem.replace("\\n", "\n").replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("CLERK_JWT_KEY is not a PEM RSA public key", e);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
