package com.fleetfusion.ingest.model;

/** One HTTP delivery of a webhook: its Svix headers, the body bytes exactly as received, and when it arrived. */
public record WebhookDelivery(SvixHeaders headers, byte[] body, long receivedAtMillis) {
}
