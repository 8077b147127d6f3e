package com.fleetfusion.onboarding.service;

import com.fleetfusion.onboarding.client.ClerkOrganization;
import com.fleetfusion.onboarding.client.ClerkOrganizationMembership;
import com.fleetfusion.onboarding.client.ClerkUser;
import com.fleetfusion.onboarding.client.Clerked;
import com.fleetfusion.onboarding.model.SagaRow;

/**
 * What one step hands the next: the saga's latest stored row, and Clerk's answers so far, from which the synthetic
 * events are built (a run resumed after a crash has none of them; the publishing step fetches what it lacks).
 */
record SagaRun(
        SagaRow saga,
        Clerked<ClerkOrganization> organization,
        Clerked<ClerkOrganizationMembership> membership,
        Clerked<ClerkUser> user) {

    static SagaRun of(SagaRow saga) {
        return new SagaRun(saga, null, null, null);
    }

    SagaRun withSaga(SagaRow recorded) {
        return new SagaRun(recorded, organization, membership, user);
    }

    SagaRun withOrganization(SagaRow recorded, Clerked<ClerkOrganization> created) {
        return new SagaRun(recorded, created, membership, user);
    }

    SagaRun withMembership(SagaRow recorded, Clerked<ClerkOrganizationMembership> ensured) {
        return new SagaRun(recorded, organization, ensured, user);
    }

    SagaRun withUser(SagaRow recorded, Clerked<ClerkUser> updated) {
        return new SagaRun(recorded, organization, membership, updated);
    }
}
