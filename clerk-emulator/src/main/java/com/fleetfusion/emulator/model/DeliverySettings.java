package com.fleetfusion.emulator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Delivery chaos and time scale (POST /__emulator/delivery): each message is also delivered a second time with
 * probability {@code duplicate_rate}; messages are held in groups of {@code shuffle_window} and sent in random order;
 * each first attempt waits a random 0..{@code max_delay_ms}; the retry schedule is multiplied by
 * {@code retry_time_scale} (0.001 turns Svix's 5 s into 5 ms).
 */
public record DeliverySettings(@JsonProperty("duplicate_rate") Double duplicateRate,
        @JsonProperty("shuffle_window") Integer shuffleWindow, @JsonProperty("max_delay_ms") Long maxDelayMs,
        @JsonProperty("retry_time_scale") Double retryTimeScale) {

    public static final DeliverySettings DEFAULT = new DeliverySettings(0.0, 1, 0L, 1.0);

    /** These settings with the fields {@code update} gives replaced. */
    public DeliverySettings merge(DeliverySettings update) {
        return new DeliverySettings(
                update.duplicateRate() != null ? update.duplicateRate() : duplicateRate,
                update.shuffleWindow() != null ? update.shuffleWindow() : shuffleWindow,
                update.maxDelayMs() != null ? update.maxDelayMs() : maxDelayMs,
                update.retryTimeScale() != null ? update.retryTimeScale() : retryTimeScale);
    }

    public boolean valid() {
        return duplicateRate >= 0 && duplicateRate <= 1 && shuffleWindow >= 1 && maxDelayMs >= 0
                && retryTimeScale > 0;
    }
}
