package com.fleetfusion.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventVersionsTest {

    private static final long NOW = 1_765_000_000_000L;

    @Test
    void secondsBecomeMillisAndMillisStay() {
        assertThat(EventVersions.toMillis(1_716_883_200L)).isEqualTo(1_716_883_200_000L);
        assertThat(EventVersions.toMillis(1_716_883_200_000L)).isEqualTo(1_716_883_200_000L);
        assertThat(EventVersions.toMillis(32_503_680_000_000L)).isEqualTo(32_503_680_000_000L);
    }

    @Test
    void aVersionMoreThanTheBoundAheadOfTheClockIsTooFarAhead() {
        Duration hour = EventVersions.DEFAULT_MAX_FUTURE;

        assertThat(EventVersions.isTooFarAhead(32_503_680_000_000L, NOW, hour)).isTrue();
        assertThat(EventVersions.isTooFarAhead(NOW + hour.toMillis() + 1, NOW, hour)).isTrue();
        assertThat(EventVersions.isTooFarAhead(NOW + hour.toMillis(), NOW, hour)).isFalse();
        assertThat(EventVersions.isTooFarAhead(NOW - 1, NOW, hour)).isFalse();
    }

    @Test
    void aTooLargeDeadLetterNamesTheDelivery() {
        assertThat(new String(new TooLargeDeadLetter("msg_1", "user.updated", "user_1", 2_000_000).toJson(),
                StandardCharsets.UTF_8)).isEqualTo("{\"svix_id\":\"msg_1\",\"type\":\"user.updated\","
                        + "\"object_id\":\"user_1\",\"size\":2000000,\"reason\":\"too-large\"}");
    }
}
