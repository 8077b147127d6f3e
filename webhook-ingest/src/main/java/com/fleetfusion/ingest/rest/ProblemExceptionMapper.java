package com.fleetfusion.ingest.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.Problem;
import com.fleetfusion.ingest.model.WebhookRejectedException;
import com.fleetfusion.ingest.service.IngestMetrics;

/**
 * The service's one exception mapper: every refusal and failure becomes {@code application/problem+json}
 * (RFC 9457) that echoes neither the body nor a header value nor a secret, and every refusal of a webhook is counted.
 */
public class ProblemExceptionMapper {

    public static final String PROBLEM_JSON = "application/problem+json";
    static final String TYPE_BASE = "https://fleetfusion.dev/problems/";
    private static final String WEBHOOK_PATH = "/webhooks/clerk";
    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    private final IngestMetrics metrics;
    private final ObjectMapper objectMapper;
    private final int retryAfterSeconds;

    ProblemExceptionMapper(IngestMetrics metrics, ObjectMapper objectMapper, IngestConfig config) {
        this.metrics = metrics;
        this.objectMapper = objectMapper;
        this.retryAfterSeconds = config.kafka().retryAfterSeconds();
    }

    @ServerExceptionMapper
    public Response toProblem(Throwable failure, UriInfo uri) {
        boolean webhook = WEBHOOK_PATH.equals(uri.getPath());
        if (failure instanceof WebhookRejectedException rejected) {
            return rejection(rejected, webhook);
        }
        if (failure instanceof WebApplicationException http) {
            return httpError(http, webhook);
        }
        LOG.errorf(failure, "unexpected failure on %s", uri.getPath());
        return problem(500, "internal_error", "Internal error", "The request could not be processed.").build();
    }

    private Response rejection(WebhookRejectedException rejected, boolean webhook) {
        Response.ResponseBuilder response = problem(rejected.status(), rejected.reason(), rejected.title(),
                rejected.getMessage());
        if (rejected instanceof WebhookRejectedException.KafkaUnavailable) {
            LOG.warnf("Kafka unavailable, answering 503: %s", rejected.getCause());
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
            if (webhook) {
                metrics.unavailable(rejected.reason());
            }
        } else if (webhook) {
            metrics.rejected(rejected.reason());
        }
        if (rejected instanceof WebhookRejectedException.PayloadTooLarge) {
            response.header("Connection", "close");
        }
        return response.build();
    }

    private Response httpError(WebApplicationException http, boolean webhook) {
        Response original = http.getResponse();
        int status = original.getStatus();
        String reason = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        if (webhook && status < 500) {
            metrics.rejected(reason);
        }
        Response.StatusType known = Response.Status.fromStatusCode(status);
        Response.ResponseBuilder response = problem(status, reason, known != null ? known.getReasonPhrase() : "HTTP " + status,
                switch (status) {
                    case 405 -> "Webhooks are delivered with POST.";
                    case 415 -> "Webhook bodies are application/json.";
                    default -> null;
                });
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    private Response.ResponseBuilder problem(int status, String reason, String title, String detail) {
        Problem problem = new Problem(TYPE_BASE + reason.replace('_', '-'), title, status, detail);
        String json;
        try {
            json = objectMapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(json);
    }
}
