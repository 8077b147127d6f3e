package com.fleetfusion.ingest.service;

import jakarta.inject.Singleton;

import com.fleetfusion.ingest.config.IngestConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The svix-ids published recently, bounded in size and age, so that a Svix retry of a delivery already made durable
 * is answered 2xx without a second record. Best effort only: tenant-store's idempotency is the real guard.
 */
@Singleton
public class RecentDeliveries {

    private final Cache<String, Boolean> published;

    RecentDeliveries(IngestConfig config) {
        this.published = Caffeine.newBuilder()
                .maximumSize(config.dedup().maxEntries())
                .expireAfterWrite(config.dedup().ttl())
                // evictions on the caller's thread (amortized, a few entries at a time) rather than a hand-off to the
                // common pool that wakes another thread for nearly every delivery
                .executor(Runnable::run)
                .build();
    }

    public boolean publishedRecently(String svixId) {
        return published.getIfPresent(svixId) != null;
    }

    public void rememberPublished(String svixId) {
        published.put(svixId, Boolean.TRUE);
    }
}
