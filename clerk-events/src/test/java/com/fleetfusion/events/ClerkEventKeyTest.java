package com.fleetfusion.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClerkEventKeyTest {

    @Test
    void aMembershipIsKeyedByOrganizationThenUser() {
        assertThat(ClerkEventKey.membership("org_2abc", "user_2xyz")).isEqualTo("org_2abc:user_2xyz");
    }

    @Test
    void aMembershipKeySplitsBackIntoItsIds() {
        String key = ClerkEventKey.membership("org_2abc", "user_2xyz");

        assertThat(ClerkEventKey.organizationIdOf(key)).isEqualTo("org_2abc");
        assertThat(ClerkEventKey.userIdOf(key)).isEqualTo("user_2xyz");
        assertThatThrownBy(() -> ClerkEventKey.userIdOf("user_1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyOfAnEventDependsOnItsType() {
        assertThat(ClerkEventKey.of("user.updated", "user_1", "org_1", "user_2")).isEqualTo("user_1");
        assertThat(ClerkEventKey.of("organization.deleted", "org_1", null, null)).isEqualTo("org_1");
        assertThat(ClerkEventKey.of("organizationMembership.created", "orgmem_1", "org_1", "user_2"))
                .isEqualTo("org_1:user_2");
        assertThat(ClerkEventKey.of("organizationMembership.created", "orgmem_1", "org_1", null)).isNull();
        assertThat(ClerkEventKey.of("organizationMembership.created", "orgmem_1", null, "user_2")).isNull();
    }

    @Test
    void theCatalogueKnowsTheKeptTypes() {
        assertThat(ClerkEventTypes.KEPT).hasSize(9).allSatisfy(type -> assertThat(ClerkEventTypes.isKept(type)).isTrue());
        assertThat(ClerkEventTypes.isKept("session.created")).isFalse();
        assertThat(ClerkEventTypes.isMembership(ClerkEventTypes.MEMBERSHIP_DELETED)).isTrue();
        assertThat(ClerkEventTypes.isMembership("organization.updated")).isFalse();
        assertThat(ClerkEventTypes.isMembership(null)).isFalse();
    }
}
