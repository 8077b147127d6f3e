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
    void theNewestTimeOfAnEnvelopeIsItsTimestampOrItsUpdatedAtWhicheverIsLater() {
        assertThat(EventVersions.newestTime(utf8("{\"type\":\"user.deleted\",\"timestamp\":32503680000000,"
                + "\"data\":{\"id\":\"user_X\",\"deleted\":true}}"))).isEqualTo(32_503_680_000_000L);
        assertThat(EventVersions.newestTime(utf8("{\"data\":{\"id\":\"org_1\",\"nested\":{\"updated_at\":99999999999999},"
                + "\"updated_at\":1716883200},\"timestamp\":1716883100000}"))).isEqualTo(1_716_883_200_000L);
        assertThat(EventVersions.newestTime(utf8("{\"type\":\"user.updated\",\"data\":{}}"))).isEqualTo(-1);
        assertThat(EventVersions.newestTime(utf8("{\"timestamp\":\"32503680000000\"}"))).isEqualTo(-1);
        assertThat(EventVersions.newestTime(utf8("[1]"))).isEqualTo(-1);
        assertThat(EventVersions.newestTime(utf8("{\"timestamp\":123456789012345678901234567890}")))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(EventVersions.newestTime(utf8("{\"timestamp\":1716883200000,\"data\":{not json"))).isEqualTo(
                1_716_883_200_000L);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTooLargeDeadLetterNamesTheDelivery() {
        assertThat(new String(new TooLargeDeadLetter("msg_1", "user.updated", "user_1", 2_000_000).toJson(),
                StandardCharsets.UTF_8)).isEqualTo("{\"svix_id\":\"msg_1\",\"type\":\"user.updated\","
                        + "\"object_id\":\"user_1\",\"size\":2000000,\"reason\":\"too-large\"}");
    }
}
