package com.fleetfusion.ingest.model;

/**
 * A delivery webhook-ingest refuses. Each subclass is one reason: its HTTP status, the stable problem {@code type}
 * suffix and the metric tag. Messages never carry the body, a header value or a secret.
 */
public abstract sealed class WebhookRejectedException extends RuntimeException
        permits WebhookRejectedException.MissingSignatureHeaders,
        WebhookRejectedException.MalformedSignatureHeaders,
        WebhookRejectedException.InvalidSignature,
        WebhookRejectedException.TimestampOutOfTolerance,
        WebhookRejectedException.PayloadTooLarge,
        WebhookRejectedException.RecordTooLarge,
        WebhookRejectedException.KafkaUnavailable {

    private final int status;
    private final String reason;
    private final String title;

    private WebhookRejectedException(int status, String reason, String title, String detail, Throwable cause) {
        // no stack trace: these are answers, not bugs, and they come in floods when Kafka is down
        super(detail, cause, false, false);
        this.status = status;
        this.reason = reason;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** snake_case reason: the problem type's last segment and the {@code reason} tag of the delivery metric. */
    public String reason() {
        return reason;
    }

    public String title() {
        return title;
    }

    public static final class MissingSignatureHeaders extends WebhookRejectedException {
        public MissingSignatureHeaders(String missing) {
            super(400, "missing_signature_headers", "Missing Svix signature headers",
                    "The delivery lacks the header(s) " + missing + ".", null);
        }
    }

    public static final class MalformedSignatureHeaders extends WebhookRejectedException {
        public MalformedSignatureHeaders() {
            super(400, "malformed_signature_headers", "Malformed Svix signature headers",
                    "svix-timestamp must be Unix seconds.", null);
        }
    }

    public static final class InvalidSignature extends WebhookRejectedException {
        public InvalidSignature() {
            super(401, "invalid_signature", "Invalid webhook signature",
                    "No v1 signature in svix-signature matches a configured signing secret.", null);
        }
    }

    public static final class TimestampOutOfTolerance extends WebhookRejectedException {
        public TimestampOutOfTolerance(long toleranceSeconds) {
            super(401, "timestamp_out_of_tolerance", "Webhook timestamp outside the tolerance",
                    "svix-timestamp is more than " + toleranceSeconds + " s away from the receiver's clock.", null);
        }
    }

    public static final class PayloadTooLarge extends WebhookRejectedException {
        public PayloadTooLarge(long limit) {
            super(413, "body_too_large", "Webhook body too large",
                    "The body exceeds the limit of " + limit + " bytes.", null);
        }
    }

    /**
     * A genuine delivery that the Kafka cluster refuses to store because of its size (topic max.message.bytes): the
     * ingest service answers it 2xx with a small too-large dead letter instead, so this reaches a client only if that
     * fails the same way.
     */
    public static final class RecordTooLarge extends WebhookRejectedException {
        public RecordTooLarge(Throwable cause) {
            super(413, "record_too_large", "Webhook body too large for the event log",
                    "The Kafka cluster refuses a record this large.", cause);
        }
    }

    public static final class KafkaUnavailable extends WebhookRejectedException {
        public KafkaUnavailable(Throwable cause) {
            super(503, "kafka_unavailable", "Event log unavailable",
                    "The delivery could not be made durable in time; retry later.", cause);
        }
    }
}
