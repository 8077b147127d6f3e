package com.fleetfusion.ingest.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fleetfusion.ingest.config.IngestConfig;
import com.fleetfusion.ingest.model.WebhookRejectedException;
import com.fleetfusion.ingest.service.IngestMetrics;
import com.fleetfusion.problem.Problem;
import com.fleetfusion.problem.ProblemType;
import com.fleetfusion.problem.ProblemWriter;

/**
 * The service's exception mappers: every refusal and failure becomes {@code application/problem+json} (RFC 9457,
 * through the shared writer) that echoes neither the body nor a header value nor a secret, and every refusal of a
 * webhook is counted.
 */
public class ProblemExceptionMapper {

    private static final String WEBHOOK_PATH = "/webhooks/clerk";
    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    private final IngestMetrics metrics;
    private final int retryAfterSeconds;

    ProblemExceptionMapper(IngestMetrics metrics, IngestConfig config) {
        this.metrics = metrics;
        this.retryAfterSeconds = config.kafka().retryAfterSeconds();
    }

    @ServerExceptionMapper
    public Response rejected(WebhookRejectedException rejected, UriInfo uri) {
        boolean webhook = WEBHOOK_PATH.equals(uri.getPath());
        Map<String, String> headers = new LinkedHashMap<>();
        if (rejected instanceof WebhookRejectedException.KafkaUnavailable) {
            LOG.warnf("Kafka unavailable, answering 503: %s", rejected.getCause());
            headers.put(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
            if (webhook) {
                metrics.unavailable(rejected.reason());
            }
        } else if (webhook) {
            metrics.rejected(rejected.reason());
        }
        if (rejected instanceof WebhookRejectedException.PayloadTooLarge) {
            headers.put("Connection", "close");
        }
        return ProblemWriter.response(rejected.toProblem(), headers).build();
    }

    @ServerExceptionMapper
    public Response failed(Throwable failure, UriInfo uri) {
        if (failure instanceof WebApplicationException http) {
            return httpError(http, WEBHOOK_PATH.equals(uri.getPath()));
        }
        LOG.errorf(failure, "unexpected failure on %s", uri.getPath());
        return ProblemWriter.response(Problem.of(ProblemType.INTERNAL_ERROR, "The request could not be processed."))
                .build();
    }

    private Response httpError(WebApplicationException http, boolean webhook) {
        Response original = http.getResponse();
        int status = original.getStatus();
        ProblemType type = ProblemType.ofHttpStatus(status);
        if (webhook && status < 500) {
            // the metric's reason tags: not_found, method_not_allowed, ... and http_<status> for the others
            metrics.rejected(type == ProblemType.HTTP_ERROR ? "http_" + status : type.slug().replace('-', '_'));
        }
        Response.ResponseBuilder response = ProblemWriter.response(Problem.of(type, status, switch (status) {
            case 405 -> "Webhooks are delivered with POST.";
            case 415 -> "Webhook bodies are application/json.";
            default -> null;
        }));
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }
}
