package com.fleetfusion.gateway.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import com.fleetfusion.gateway.config.GatewayConfig;
import com.fleetfusion.gateway.model.GatewayException;
import com.fleetfusion.problem.ProblemType;

/**
 * The configured routes, compiled: matches a request path to a route, its variables ({@code {orgId}}) and the upstream
 * URL. Routes with more literal segments win; a final {@code **} matches the rest of the path (possibly nothing).
 */
@Singleton
public class RouteTable {

    /** A route's name in the metrics when nothing matched. */
    public static final String UNMATCHED = "unmatched";

    private final List<CompiledRoute> routes;

    RouteTable(GatewayConfig config) {
        this.routes = config.routes().entrySet().stream()
                .map(e -> CompiledRoute.of(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(CompiledRoute::specificity).reversed()
                        .thenComparing(CompiledRoute::name))
                .toList();
    }

    public List<CompiledRoute> routes() {
        return routes;
    }

    /** The route for a normalised path, or empty; throws 405 when the path matches but the method does not. */
    public Optional<RouteMatch> match(String method, String path) {
        List<String> segments = segments(path);
        CompiledRoute pathOnly = null;
        for (CompiledRoute route : routes) {
            Map<String, String> variables = route.match(segments);
            if (variables == null) {
                continue;
            }
            if (!route.methods().contains(method.toUpperCase(Locale.ROOT))) {
                pathOnly = pathOnly == null ? route : pathOnly;
                continue;
            }
            return Optional.of(new RouteMatch(route, variables, route.upstreamPath(variables)));
        }
        if (pathOnly != null) {
            throw new GatewayException(ProblemType.METHOD_NOT_ALLOWED,
                    method + " is not routed on " + pathOnly.pattern());
        }
        return Optional.empty();
    }

    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** A match: the route, its variables, and the upstream path (without query string). */
    public record RouteMatch(CompiledRoute route, Map<String, String> variables, String upstreamPath) {
    }

    /** One route of the table. */
    public record CompiledRoute(String name, String pattern, List<String> patternSegments, Set<String> methods,
            String upstream, String upstreamTemplate, List<String> upstreamSegments, Optional<String> requiredPermission,
            Optional<String> requiredRole, boolean onboardingRequired) {

        static CompiledRoute of(String name, GatewayConfig.Route config) {
            String upstream = config.upstream().endsWith("/")
                    ? config.upstream().substring(0, config.upstream().length() - 1)
                    : config.upstream();
            return new CompiledRoute(name, config.path(), segments(config.path()),
                    config.methods().stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toSet()),
                    upstream, config.upstreamPath(), List.copyOf(segments(config.upstreamPath())),
                    config.requiredPermission(), config.requiredRole(), config.onboardingRequired());
        }

        int specificity() {
            int literals = (int) patternSegments.stream().filter(s -> !s.startsWith("{") && !s.equals("**")).count();
            boolean rest = !patternSegments.isEmpty() && patternSegments.get(patternSegments.size() - 1).equals("**");
            return literals * 10 + patternSegments.size() * 2 + (rest ? 0 : 1);
        }

        /** The variables of a match, or null when the path does not match. */
        Map<String, String> match(List<String> path) {
            Map<String, String> variables = new LinkedHashMap<>();
            for (int i = 0; i < patternSegments.size(); i++) {
                String expected = patternSegments.get(i);
                if (expected.equals("**") && i == patternSegments.size() - 1) {
                    variables.put("**", String.join("/", path.subList(Math.min(i, path.size()), path.size())));
                    return variables;
                }
                if (i >= path.size()) {
                    return null;
                }
                String actual = path.get(i);
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    variables.put(expected.substring(1, expected.length() - 1), actual);
                } else if (!expected.equals(actual)) {
                    return null;
                }
            }
            return path.size() == patternSegments.size() ? variables : null;
        }

        String upstreamPath(Map<String, String> variables) {
            List<String> out = new ArrayList<>();
            for (String segment : upstreamSegments) {
                if (segment.equals("**")) {
                    String rest = variables.getOrDefault("**", "");
                    if (!rest.isEmpty()) {
                        out.add(rest);
                    }
                } else if (segment.startsWith("{") && segment.endsWith("}")) {
                    out.add(variables.getOrDefault(segment.substring(1, segment.length() - 1), ""));
                } else {
                    out.add(segment);
                }
            }
            return "/" + String.join("/", out);
        }
    }
}
