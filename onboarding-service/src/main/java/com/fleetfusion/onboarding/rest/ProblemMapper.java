package com.fleetfusion.onboarding.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import com.fleetfusion.problem.Problem;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.problem.ProblemWriter;

/**
 * The service's one exception mapper: every error leaves as {@code application/problem+json} (RFC 9457) through the
 * shared problem-json writer, with a catalogued {@code type}; validation errors list each field by its name in the
 * request body. A refused session token is answered by the shared writer directly, the same as in every service that
 * reads a session.
 */
public class ProblemMapper {

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
        return respond(Problem.of(ProblemType.INVALID_REQUEST, errors.size() + " field(s) are invalid")
                .with("errors", errors));
    }

    /** Listed explicitly: Quarkus REST has its own mapper for MismatchedInputException, which would win. */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadableBody(JsonProcessingException unreadable) {
        Problem problem = Problem.of(ProblemType.INVALID_REQUEST, "the body is not the expected JSON");
        if (unreadable instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
                }
            }
            // a field name is client input: named only when it is one of the form's plain names
            if (PLAIN_FIELD.matcher(field).matches()) {
                problem = problem.with("errors", List.of(new FieldError(field.toString(), "has the wrong type")));
            }
        }
        return respond(problem);
    }

    @ServerExceptionMapper
    public Response alreadyOnboarded(OnboardingCompleteException complete) {
        return respond(Problem.of(ProblemType.ONBOARDING_COMPLETE, "this user has an organization already")
                .with("organizationId", complete.organizationId()).with("slug", complete.slug()));
    }

    @ServerExceptionMapper
    public Response inProgress(OnboardingInProgressException inProgress) {
        return ProblemWriter.response(Problem.of(ProblemType.ONBOARDING_IN_PROGRESS,
                "another onboarding of this user is still running; retry in a moment"))
                .header("Retry-After", "2").build();
    }

    @ServerExceptionMapper
    public Response rateLimited(OnboardingRateLimitedException limited) {
        return ProblemWriter.response(Problem.of(ProblemType.ONBOARDING_RATE_LIMITED, limited.global()
                ? "onboarding is busy; retry after the time in Retry-After"
                : "too many attempts for this user; retry after the time in Retry-After"))
                .header("Retry-After", limited.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response slugUnavailable(SlugUnavailableException taken) {
        return respond(Problem.of(ProblemType.SLUG_UNAVAILABLE,
                "the slug and " + (taken.attempts() - 1) + " variants of it are taken; choose another")
                .with("errors", List.of(new FieldError("slug", "is taken"))));
    }

    @ServerExceptionMapper
    public Response failed(OnboardingFailedException failed) {
        ProblemType type = failed.status() == 502 ? ProblemType.CLERK_REFUSED : ProblemType.CLERK_UNAVAILABLE;
        return ProblemWriter.response(Problem.of(type, failed.status(), failed.getMessage())
                .with("retryable", true).with("compensated", failed.compensated()))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException web) {
        int status = web.getResponse().getStatus();
        ProblemType type = ProblemType.ofHttpStatus(status);
        return respond(Problem.of(type, status, type.title()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception unexpected) {
        LOG.errorf("unexpected failure: %s", unexpected.toString());
        return respond(Problem.of(ProblemType.INTERNAL_ERROR, "unexpected error; you may retry"));
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

    private static Response respond(Problem problem) {
        return ProblemWriter.response(problem).build();
    }
}
