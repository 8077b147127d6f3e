package com.fleetfusion.emulator.model;

/** POST /__emulator/webhook-endpoints: {@code secret} ("whsec_" + base64) is generated when absent. */
public record WebhookEndpointRequest(String url, String secret) {
}
