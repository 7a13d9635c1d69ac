package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import dev.quiver.testsupport.ToxiproxyFronts;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A latency toxic on the Redis front holds every round trip at least its latency, and removing it lets them through
 * sooner again. No bound on how fast Redis answers without the toxic: only that some round trip beats the toxic's
 * latency, which holds on any machine that is not stalled for that long.
 */
@Timeout(60)
class ToxiproxyLatencyIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final int PINGS = 9;
    private static final long LATENCY_MS = 200;

    private final ToxiproxyFronts fronts = SERVICES.toxiproxyFronts();

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.TOXIPROXY, ServiceName.REDIS);
    }

    @AfterEach
    void removeFaults() {
        fronts.resetAll();
    }

    @Test
    void downstreamLatencyToxicSlowsEveryRoundTripUntilRemoved() throws Exception {
        RedisURI uri = RedisURI.builder().withHost(fronts.host()).withPort(fronts.frontPort(ServiceName.REDIS))
                .withTimeout(Duration.ofSeconds(10)).build();
        RedisClient client = RedisClient.create(uri);
        try {
            long[] baseline = pingMillis(client);
            assertThat(baseline[0]).as("fastest PING without toxic, ms (all: %s)", Arrays.toString(baseline))
                    .isLessThan(LATENCY_MS);

            fronts.proxy(ServiceName.REDIS).toxics().latency("itest-latency", ToxicDirection.DOWNSTREAM, LATENCY_MS);
            long[] slowed = pingMillis(client);
            assertThat(slowed[0]).as("fastest PING with a %d ms latency toxic, ms (all: %s)", LATENCY_MS,
                    Arrays.toString(slowed)).isGreaterThanOrEqualTo(LATENCY_MS);

            fronts.proxy(ServiceName.REDIS).toxics().get("itest-latency").remove();
            long[] recovered = pingMillis(client);
            assertThat(recovered[0]).as("fastest PING after removing the toxic, ms (all: %s)",
                    Arrays.toString(recovered)).isLessThan(LATENCY_MS);
        } finally {
            client.shutdown();
        }
    }

    /** PING round trips on a fresh connection (connection setup is not measured), fastest first. */
    private static long[] pingMillis(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long[] millis = new long[PINGS];
            for (int i = 0; i < PINGS; i++) {
                long start = System.nanoTime();
                assertThat(redis.ping()).isEqualTo("PONG");
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            return millis;
        }
    }
}
