package com.fleetfusion.emulator.service;

import java.util.List;

/** Clerk's list paging: limit 1..500 (default 10), offset >= 0 (default 0). */
public record Paging(int limit, int offset) {

    public static Paging of(Integer limit, Integer offset) {
        int l = limit == null ? 10 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > 500) {
            throw ClerkException.paramValueInvalid("limit", "limit must be between 1 and 500");
        }
        if (o < 0) {
            throw ClerkException.paramValueInvalid("offset", "offset must be greater than or equal to 0");
        }
        return new Paging(l, o);
    }

    public <T> List<T> page(List<T> all) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, Math.min(all.size(), offset + limit));
    }
}
