package com.fleetfusion.onboarding.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fleetfusion.onboarding.service.OnboardingCompleteException;
import com.fleetfusion.onboarding.service.OnboardingFailedException;
import com.fleetfusion.onboarding.service.OnboardingInProgressException;
import com.fleetfusion.onboarding.service.OnboardingRateLimitedException;
import com.fleetfusion.onboarding.service.SlugUnavailableException;

/**
 * The service's one exception mapper: every error leaves as {@code application/problem+json} (RFC 9457) with a
 * stable {@code type}; validation errors list each field by its name in the request body. A refused session token is
 * answered by the shared clerk-session module's mapper, the same as in every service that reads a session.
 */
public class ProblemMapper {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPES = "https://fleetfusion.dev/problems/";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private static final Pattern PLAIN_FIELD = Pattern.compile(
            "[A-Za-z0-9]{1,40}(\\.[A-Za-z0-9]{1,40}){0,3}");

    /** One field error, named as in the JSON body ({@code address.country}). */
    public record FieldError(String field, String message) {
    }

    @ServerExceptionMapper
    public Response invalidRequest(ConstraintViolationException violations) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : violations.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        Map<String, Object> problem = problem("invalid-request", "Invalid onboarding request", 400,
                errors.size() + " field(s) are invalid");
        problem.put("errors", errors);
        return respond(400, problem);
    }

    /** Listed explicitly: Quarkus REST has its own mapper for MismatchedInputException, which would win. */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadableBody(JsonProcessingException unreadable) {
        Map<String, Object> problem = problem("invalid-request", "Invalid onboarding request", 400,
                "the body is not the expected JSON");
        if (unreadable instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
                }
            }
            // a field name is client input: named only when it is one of the form's plain names
            if (PLAIN_FIELD.matcher(field).matches()) {
                problem.put("errors", List.of(new FieldError(field.toString(), "has the wrong type")));
            }
        }
        return respond(400, problem);
    }

    @ServerExceptionMapper
    public Response alreadyOnboarded(OnboardingCompleteException complete) {
        Map<String, Object> problem = problem("onboarding-complete", "Onboarding already complete", 409,
                "this user has an organization already");
        problem.put("organizationId", complete.organizationId());
        problem.put("slug", complete.slug());
        return respond(409, problem);
    }

    @ServerExceptionMapper
    public Response inProgress(OnboardingInProgressException inProgress) {
        Response.ResponseBuilder answer = Response.status(409).type(PROBLEM_JSON).header("Retry-After", "2")
                .entity(problem("onboarding-in-progress", "Onboarding in progress", 409,
                        "another onboarding of this user is still running; retry in a moment"));
        return answer.build();
    }

    @ServerExceptionMapper
    public Response rateLimited(OnboardingRateLimitedException limited) {
        return Response.status(429).type(PROBLEM_JSON).header("Retry-After", limited.retryAfterSeconds())
                .entity(problem("onboarding-rate-limited", "Too many onboarding attempts", 429, limited.global()
                        ? "onboarding is busy; retry after the time in Retry-After"
                        : "too many attempts for this user; retry after the time in Retry-After"))
                .build();
    }

    @ServerExceptionMapper
    public Response slugUnavailable(SlugUnavailableException taken) {
        Map<String, Object> problem = problem("slug-unavailable", "Slug unavailable", 409,
                "the slug and " + (taken.attempts() - 1) + " variants of it are taken; choose another");
        problem.put("errors", List.of(new FieldError("slug", "is taken")));
        return respond(409, problem);
    }

    @ServerExceptionMapper
    public Response failed(OnboardingFailedException failed) {
        Map<String, Object> problem = problem(failed.status() == 502 ? "clerk-refused" : "clerk-unavailable",
                "Onboarding failed", failed.status(), failed.getMessage());
        problem.put("retryable", true);
        problem.put("compensated", failed.compensated());
        return Response.status(failed.status()).type(PROBLEM_JSON).header("Retry-After", "5").entity(problem)
                .build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException web) {
        int status = web.getResponse().getStatus();
        String title = web.getResponse().getStatusInfo().getReasonPhrase();
        return respond(status, problem("http-" + status, title, status, title));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception unexpected) {
        LOG.errorf("unexpected failure: %s", unexpected.toString());
        return respond(500, problem("internal", "Internal error", 500, "unexpected error; you may retry"));
    }

    /** "onboard.body.address.country" → "address.country"; the header parameter keeps its HTTP name. */
    private static String fieldOf(Path path) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            names.add(node.getName());
        }
        if (names.size() >= 2 && "idempotencyKey".equals(names.get(1))) {
            return "Idempotency-Key";
        }
        if (names.size() <= 2) {
            return "body";
        }
        return String.join(".", names.subList(2, names.size()));
    }

    private static Map<String, Object> problem(String type, String title, int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", URI.create(TYPES + type).toString());
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    private static Response respond(int status, Map<String, Object> problem) {
        return Response.status(status).type(PROBLEM_JSON).entity(problem).build();
    }
}
