package com.fleetfusion.emulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static com.fleetfusion.emulator.Emulator.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The per-instance Backend API rate limit (EMULATOR_RATE_LIMIT per 10 s), here 5, answered as Clerk does. */
@QuarkusTest
@TestProfile(RateLimitTest.FiveRequestsPerWindow.class)
class RateLimitTest {

    public static class FiveRequestsPerWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emulator.rate-limit", "5", "emulator.rate-limit-window", "30s");
        }
    }

    @BeforeEach
    void freshWindow() {
        Emulator.reset();
    }

    @Test
    void requestsBeyondTheLimitAnswer429WithRetryAfterInClerksShape() {
        for (int i = 0; i < 5; i++) {
            api().get("/v1/users").then().statusCode(200);
        }
        String retryAfter = api().get("/v1/users").then().statusCode(429)
                .body("errors[0].code", equalTo("too_many_requests"))
                .body("clerk_trace_id", notNullValue())
                .extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 30);
    }

    @Test
    void theJwksIsNotRateLimited() {
        for (int i = 0; i < 5; i++) {
            api().get("/v1/users").then().statusCode(200);
        }
        api().get("/v1/users").then().statusCode(429);
        for (int i = 0; i < 3; i++) {
            api().get("/v1/jwks").then().statusCode(200);
        }
    }

    @Test
    void concurrentRequestsGetExactlyTheLimit() throws Exception {
        List<Callable<Integer>> calls = IntStream.range(0, 20)
                .<Callable<Integer>>mapToObj(i -> () -> api().get("/v1/users").statusCode()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Integer> statuses = pool.invokeAll(calls).stream().map(RateLimitTest::join).toList();
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
            assertThat(statuses).filteredOn(s -> s == 429).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Integer join(Future<Integer> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
