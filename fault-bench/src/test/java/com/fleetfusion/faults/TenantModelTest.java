package com.fleetfusion.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The independent model applies DESIGN's rules, whatever the order and duplication of its input. */
class TenantModelTest {

    @Test
    void theModelOfAShuffledDuplicatedStreamIsTheModelOfTheStream() {
        ClerkEventStream stream = new ClerkEventStream("t", 1);
        List<ClerkEvent> events = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            events.add(stream.next());
        }
        List<ClerkEvent> chaos = new ArrayList<>(events);
        chaos.addAll(events.subList(0, 300));
        Collections.shuffle(chaos, new Random(7));
        TenantModel model = TenantModel.of(events);
        TenantModel shuffled = TenantModel.of(chaos);
        assertThat(shuffled.users()).isEqualTo(model.users());
        assertThat(shuffled.organizations()).isEqualTo(model.organizations());
        assertThat(shuffled.memberships()).isEqualTo(model.memberships());
    }

    @Test
    void aDeletionWinsATieAndALateUpdateDoesNotResurrect() {
        ClerkEvent created = ClerkEvent.user("m1", "user.created", "user_1", "Ada", 10, 10);
        ClerkEvent deleted = ClerkEvent.deletion("m2", "user.deleted", "user", "user_1", 20);
        ClerkEvent tie = ClerkEvent.user("m3", "user.updated", "user_1", "Grace", 10, 20);
        assertThat(TenantModel.of(List.of(deleted, tie, created)).users().get("user_1"))
                .isEqualTo(new TenantModel.Row(false, 20, null));
    }

    @Test
    void aReAddIsANewGenerationThatAnEarlierRemovalDoesNotDelete() {
        ClerkEvent added = ClerkEvent.membership("m1", "organizationMembership.created", "orgmem_1", "org_1", "user_1",
                "org:member", 10, 10, 10);
        ClerkEvent removed = ClerkEvent.membership("m2", "organizationMembership.deleted", "orgmem_1", "org_1",
                "user_1", "org:member", 10, 10, 500);
        ClerkEvent readded = ClerkEvent.membership("m3", "organizationMembership.created", "orgmem_2", "org_1",
                "user_1", "org:member", 30, 30, 30);
        assertThat(TenantModel.of(List.of(readded, removed, added)).memberships().get("org_1:user_1"))
                .isEqualTo(new TenantModel.Row(true, 30, "org:member orgmem_2"));
    }

    @Test
    void deletingTheOrganizationTombstonesItsOlderMemberships() {
        ClerkEvent added = ClerkEvent.membership("m1", "organizationMembership.created", "orgmem_1", "org_1", "user_1",
                "org:admin", 10, 10, 10);
        ClerkEvent orgDeleted = ClerkEvent.deletion("m2", "organization.deleted", "organization", "org_1", 40);
        assertThat(TenantModel.of(List.of(orgDeleted, added)).memberships().get("org_1:user_1").live()).isFalse();
    }
}
