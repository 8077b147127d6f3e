package com.fleetfusion.store;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fleetfusion.store.rest.AdminCredential;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations credential on its own (the HTTP refusals are in ReconciliationTest). */
class AdminCredentialTest {

    @Test
    void withoutAdminTokenEveryRequestIsRefused() {
        for (Optional<String> unset : java.util.List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            AdminCredential credential = new AdminCredential(unset);
            assertThat(credential.accepts(null)).isFalse();
            assertThat(credential.accepts("Bearer ")).isFalse();
            assertThat(credential.accepts("Bearer  ")).isFalse();
            assertThat(credential.accepts("Bearer anything")).isFalse();
        }
    }

    @Test
    void onlyTheExactTokenAsBearerIsAccepted() {
        AdminCredential credential = new AdminCredential(Optional.of("s3cret-admin"));
        assertThat(credential.accepts("Bearer s3cret-admin")).isTrue();
        assertThat(credential.accepts("bearer s3cret-admin")).isTrue();
        assertThat(credential.accepts("Bearer s3cret-admi")).isFalse();
        assertThat(credential.accepts("Bearer s3cret-admin2")).isFalse();
        assertThat(credential.accepts("Bearer S3CRET-ADMIN")).isFalse();
        assertThat(credential.accepts("s3cret-admin")).isFalse();
        assertThat(credential.accepts("Basic s3cret-admin")).isFalse();
        assertThat(credential.accepts(null)).isFalse();
    }
}
