package com.fleetfusion.ingest.model;

import com.fleetfusion.problem.ProblemException;
import com.fleetfusion.problem.ProblemType;

/**
 * A delivery webhook-ingest refuses. Each subclass is one reason: its catalogued problem type (status, title) and
 * the metric tag. Messages never carry the body, a header value or a secret.
 */
public abstract sealed class WebhookRejectedException extends ProblemException
        permits WebhookRejectedException.MissingSignatureHeaders,
        WebhookRejectedException.MalformedSignatureHeaders,
        WebhookRejectedException.InvalidSignature,
        WebhookRejectedException.TimestampOutOfTolerance,
        WebhookRejectedException.PayloadTooLarge,
        WebhookRejectedException.RecordTooLarge,
        WebhookRejectedException.KafkaUnavailable {

    private WebhookRejectedException(ProblemType type, String detail, Throwable cause) {
        // no stack trace (ProblemException): these are answers, not bugs, and they come in floods when Kafka is down
        super(type, detail, cause);
    }

    /** snake_case reason: the {@code reason} tag of the delivery metric, the problem type's slug with underscores. */
    public String reason() {
        return type().slug().replace('-', '_');
    }

    public static final class MissingSignatureHeaders extends WebhookRejectedException {
        public MissingSignatureHeaders(String missing) {
            super(ProblemType.MISSING_SIGNATURE_HEADERS,
                    "The delivery lacks the header(s) " + missing + ".", null);
        }
    }

    public static final class MalformedSignatureHeaders extends WebhookRejectedException {
        public MalformedSignatureHeaders() {
            super(ProblemType.MALFORMED_SIGNATURE_HEADERS,
                    "svix-timestamp must be Unix seconds.", null);
        }
    }

    public static final class InvalidSignature extends WebhookRejectedException {
        public InvalidSignature() {
            super(ProblemType.INVALID_SIGNATURE,
                    "No v1 signature in svix-signature matches a configured signing secret.", null);
        }
    }

    public static final class TimestampOutOfTolerance extends WebhookRejectedException {
        public TimestampOutOfTolerance(long toleranceSeconds) {
            super(ProblemType.TIMESTAMP_OUT_OF_TOLERANCE,
                    "svix-timestamp is more than " + toleranceSeconds + " s away from the receiver's clock.", null);
        }
    }

    public static final class PayloadTooLarge extends WebhookRejectedException {
        public PayloadTooLarge(long limit) {
            super(ProblemType.BODY_TOO_LARGE,
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
            super(ProblemType.RECORD_TOO_LARGE,
                    "The Kafka cluster refuses a record this large.", cause);
        }
    }

    public static final class KafkaUnavailable extends WebhookRejectedException {
        public KafkaUnavailable(Throwable cause) {
            super(ProblemType.KAFKA_UNAVAILABLE,
                    "The delivery could not be made durable in time; retry later.", cause);
        }
    }
}
