package com.fleetfusion.onboarding.service;

import com.fleetfusion.onboarding.client.ClerkOrganization;
import com.fleetfusion.onboarding.client.ClerkOrganizationMembership;
import com.fleetfusion.onboarding.client.ClerkUser;
import com.fleetfusion.onboarding.client.Clerked;
import com.fleetfusion.onboarding.model.SagaRow;

/**
 * One run of a saga: its latest stored row, and Clerk's answers so far, from which the synthetic events are built
 * (a run resumed after a crash fetches those it lacks). Used by one reactive chain at a time.
 */
final class SagaContext {

    SagaRow saga;
    Clerked<ClerkOrganization> organization;
    Clerked<ClerkOrganizationMembership> membership;
    Clerked<ClerkUser> user;

    SagaContext(SagaRow saga) {
        this.saga = saga;
    }
}
