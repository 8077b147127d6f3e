package com.fleetfusion.gateway.rest;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fleetfusion.gateway.client.UpstreamProxy;
import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.session.SessionContext;
import com.fleetfusion.session.SessionToken;
import com.fleetfusion.gateway.service.AccessPolicy;
import com.fleetfusion.gateway.service.GatewayMetrics;
import com.fleetfusion.gateway.service.NavigationPolicy;
import com.fleetfusion.gateway.service.RouteTable;
import com.fleetfusion.gateway.service.RouteTable.RouteMatch;
import com.fleetfusion.gateway.service.SessionVerifier;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.Uni;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's Vert.x routes: every {@code /api/**} call but {@code /api/session} is authenticated, authorized and
 * proxied by the route table; browser navigations to the SPA's pages get the original middleware's redirects. API
 * calls never get a redirect.
 */
@Singleton
public class GatewayRoutes {

    private static final String SESSION_PATH = "/api/session";

    private final RouteTable routes;
    private final SessionVerifier verifier;
    private final UpstreamProxy proxy;
    private final GatewayMetrics metrics;

    GatewayRoutes(RouteTable routes, SessionVerifier verifier, UpstreamProxy proxy, GatewayMetrics metrics) {
        this.routes = routes;
        this.verifier = verifier;
        this.proxy = proxy;
        this.metrics = metrics;
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::api);
        router.get().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT + 1).handler(this::navigation);
    }

    private void api(RoutingContext context) {
        String path = context.normalizedPath();
        Counted counted = new Counted(context, path.equals(SESSION_PATH) ? "session" : RouteTable.UNMATCHED);
        context.addEndHandler(counted);
        if (path.equals(SESSION_PATH) || context.request().method() == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        // the body must wait in the socket while the token is verified, then it streams upstream
        context.request().pause();
        String requestId = UpstreamProxy.requestId(context.request());
        context.response().putHeader(UpstreamProxy.REQUEST_ID, requestId);
        RouteMatch match;
        SessionToken token;
        SessionVerifier.Verified known;
        try {
            match = match(context, path);
            counted.route = match.route().name();
            token = SessionToken.from(context.request())
                    .orElseThrow(() -> new GatewayException(ProblemType.TOKEN_MISSING,
                            "send the Clerk session token as a bearer token or the __session cookie"));
            // a token verified within the cache's ttl (exp and Clerk's rules checked again) or refused before for a
            // lasting reason: answered synchronously
            known = verifier.verifiedBefore(token);
        } catch (RuntimeException failure) {
            fail(context, failure);
            return;
        }
        if (known != null) {
            authorizeAndForward(context, match, known, requestId);
        } else {
            verifier.verifyInFull(token).subscribe().with(
                    verified -> authorizeAndForward(context, match, verified, requestId), failure -> fail(context, failure));
        }
    }

    /** Counts the request under its route, once known, when the response ends (a field, not the context's map). */
    private final class Counted implements Handler<AsyncResult<Void>> {

        private final RoutingContext context;
        String route;

        Counted(RoutingContext context, String route) {
            this.context = context;
            this.route = route;
        }

        @Override
        public void handle(AsyncResult<Void> ended) {
            metrics.request(route, context.response().getStatusCode());
        }
    }

    private void authorizeAndForward(RoutingContext context, RouteMatch match, SessionVerifier.Verified verified,
            String requestId) {
        try {
            AccessPolicy.authorize(match, verified.session());
        } catch (RuntimeException refused) {
            fail(context, refused);
            return;
        }
        proxy.forward(context.request(), context.response(), match, verified.upstreamAuthorization(), requestId)
                .onFailure(failure -> fail(context, failure));
    }

    private RouteMatch match(RoutingContext context, String path) {
        if (!path.equals(context.request().path())) {
            // dot segments or doubled slashes: refuse rather than guess which organization was meant
            throw new GatewayException(ProblemType.BAD_PATH, "the path must be in normal form");
        }
        String raw = context.request().path().toLowerCase();
        if (raw.contains("%2f") || raw.contains("%5c") || raw.contains("%2e")) {
            throw new GatewayException(ProblemType.BAD_PATH, "encoded separators are not accepted in the path");
        }
        return routes.match(context.request().method().name(), path)
                .orElseThrow(() -> new GatewayException(ProblemType.ROUTE_NOT_FOUND, "no route matches the request path"));
    }

    private void navigation(RoutingContext context) {
        String path = context.normalizedPath();
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/html") || path.startsWith("/q/") || path.startsWith("/api/")
                || !NavigationPolicy.governs(path)) {
            context.next();
            return;
        }
        Optional<SessionToken> token = SessionToken.from(context.request());
        Uni<Optional<SessionContext>> session = token.isEmpty() ? Uni.createFrom().item(Optional.empty())
                : verifier.verify(token.get()).map(Optional::of)
                        .onFailure(GatewayException.class).recoverWithItem(Optional.empty());
        session.subscribe().with(s -> {
            Optional<String> target = NavigationPolicy.redirect(path, s);
            if (target.isPresent()) {
                context.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, target.get())
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
            } else {
                // the page may be shown: the SPA's static host serves it, the gateway has nothing to add
                context.response().setStatusCode(204).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
            }
        }, failure -> fail(context, failure));
    }

    private static void fail(RoutingContext context, Throwable failure) {
        GatewayException refused = failure instanceof GatewayException g ? g
                : new GatewayException(ProblemType.UPSTREAM_UNAVAILABLE, "the request could not be completed", failure);
        // an unread request body would otherwise stall the keep-alive connection
        context.request().resume();
        ProblemMapper.write(context, refused);
    }
}
