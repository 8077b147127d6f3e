package com.fleetfusion.onboarding.model;

import java.util.EnumSet;
import java.util.Set;

/** Where an onboarding saga stands. The order of the forward states is the order of the steps. */
public enum SagaState {
    STARTED,
    ORG_CREATED,
    MEMBERSHIP_ENSURED,
    METADATA_SET,
    COMPLETED,
    COMPENSATING,
    COMPENSATED,
    FAILED;

    private static final Set<SagaState> ACTIVE = EnumSet.of(STARTED, ORG_CREATED, MEMBERSHIP_ENSURED, METADATA_SET,
            COMPENSATING);

    /** In flight: the saga may still create, change or delete something in Clerk. */
    public boolean active() {
        return ACTIVE.contains(this);
    }
}
