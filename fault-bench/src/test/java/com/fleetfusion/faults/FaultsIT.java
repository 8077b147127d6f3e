package com.fleetfusion.faults;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short mode of the scenario in the build: one minute at 500 events/s through the packaged pipeline scaled out
 * (3 brokers, 2 ingest, 2 tenant-store), one fault of each kind; nothing acknowledged is lost, nothing is applied
 * wrongly, the tables equal the independent model, and every onboarding answered 201 is whole.
 */
class FaultsIT {

    @Test
    void acknowledgedEventsSurviveEveryFaultAndTheTablesEqualTheModel() throws Exception {
        FaultRun.Result result = FaultRun.run(new FaultRun.Options(60, 500, 60, Path.of("target", "faults-short")));

        assertThat(result.errors()).as("faults that did not go as planned, checks that could not run").isEmpty();
        assertThat(result.sent()).as("messages sent").isGreaterThan(25_000);
        assertThat(result.pendingAtEnd()).as("messages never answered 2xx").isZero();
        assertThat(result.acknowledged()).as("answered 2xx").isEqualTo(result.sent());
        assertThat(result.tables().examples()).as("differences between the tables and the model").isEmpty();
        assertThat(result.tables().lost()).as("lost").isZero();
        assertThat(result.tables().wronglyApplied()).as("wrongly applied").isZero();
        assertThat(result.deadLettered()).as("dead-lettered").isZero();
        assertThat(result.onboarded()).as("onboardings answered 201").isPositive();
        assertThat(result.onboardingProblems()).as("onboardings 201 without their rows").isEmpty();
        assertThat(result.halfCreated()).as("organizations half-created in Clerk").isEmpty();
        assertThat(result.report()).exists();
        assertThat(result.passed()).isTrue();
    }
}
