package com.fleetfusion.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code events.*} settings of every service that writes or reads {@code clerk.events}: {@code EVENTS_SIGNING_KEYS}
 * and {@code EVENTS_MAX_FUTURE}.
 */
@ConfigMapping(prefix = "events")
public interface EventsConfig {

    /**
     * Comma-separated record-signing keys, at least {@value EventSigner#MINIMUM_KEY_BYTES} bytes each: the first
     * signs, any verifies. Required: a service without it does not start.
     */
    String signingKeys();

    /** How far ahead of the clock an event version may be. */
    @WithDefault("1h")
    Duration maxFuture();
}
