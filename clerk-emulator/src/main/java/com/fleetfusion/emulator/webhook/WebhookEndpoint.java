package com.fleetfusion.emulator.webhook;

import com.svix.Webhook;

/** A registered receiver and the Svix signer made from its secret. The secret is never logged. */
public record WebhookEndpoint(String id, String url, String secret, Webhook signer) {

    @Override
    public String toString() {
        return "WebhookEndpoint[id=" + id + ", url=" + url + "]";
    }
}
