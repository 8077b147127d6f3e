package com.fleetfusion.ingest;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fleetfusion.ingest.model.ClerkEventRoute;
import com.fleetfusion.ingest.service.ClerkEventClassifier;

import static org.assertj.core.api.Assertions.assertThat;

class ClerkEventClassifierTest {

    private final ClerkEventClassifier classifier = new ClerkEventClassifier(new ObjectMapper());

    @Test
    void objectEventsAreKeyedByDataId() {
        assertThat(classify("{\"type\":\"organization.deleted\",\"data\":{\"object\":\"organization\",\"id\":\"org_1\",\"deleted\":true}}"))
                .isEqualTo(new ClerkEventRoute.Usable("organization.deleted", "org_1"));
    }

    @Test
    void membershipEventsAreKeyedByOrganizationIdAndUserIdNotTheMembershipId() {
        assertThat(classify(new String(ClerkDeliveries.membershipCreated("orgmem_1", "org_1", "user_1"), StandardCharsets.UTF_8)))
                .isEqualTo(new ClerkEventRoute.Usable("organizationMembership.created", "org_1:user_1"));
    }

    @Test
    void unusableBodiesNameTheirReason() {
        assertThat(classify("[1,2]")).isEqualTo(new ClerkEventRoute.Unusable(null, "not_json_object"));
        assertThat(classify("{\"type\":\"\",\"data\":{\"id\":\"x\"}}")).isEqualTo(new ClerkEventRoute.Unusable(null, "missing_type"));
        assertThat(classify("{\"type\":\"user.created\",\"data\":{\"id\":42}}"))
                .isEqualTo(new ClerkEventRoute.Unusable("user.created", "missing_data_id"));
        assertThat(classify("{\"type\":\"organizationMembership.updated\",\"data\":{\"id\":\"orgmem_1\",\"public_user_data\":{\"user_id\":\"u\"}}}"))
                .isEqualTo(new ClerkEventRoute.Unusable("organizationMembership.updated", "membership_without_ids"));
    }

    private ClerkEventRoute classify(String body) {
        return classifier.classify(body.getBytes(StandardCharsets.UTF_8));
    }
}
