package com.fleetfusion.store.model;

import java.util.List;

/** One page of an organization's live members, ordered by join time then user id. */
public record MemberPage(List<MemberView> data, long totalCount, int limit, int offset) {
}
