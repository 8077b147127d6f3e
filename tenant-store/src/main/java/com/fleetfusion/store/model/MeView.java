package com.fleetfusion.store.model;

import java.util.List;

/** The caller's user row and live memberships. */
public record MeView(UserView user, List<MembershipSummary> memberships) {
}
