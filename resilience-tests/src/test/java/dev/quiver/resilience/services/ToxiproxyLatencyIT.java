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

/** A latency toxic on the Redis front shows up in round trips, and removing it restores them. */
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
            long baseline = medianPingMillis(client);
            assertThat(baseline).as("median PING without toxic, ms").isLessThan(50);

            fronts.proxy(ServiceName.REDIS).toxics().latency("itest-latency", ToxicDirection.DOWNSTREAM, LATENCY_MS);
            long slowed = medianPingMillis(client);
            assertThat(slowed).as("median PING with %d ms latency toxic, ms", LATENCY_MS).isGreaterThanOrEqualTo(180);

            fronts.proxy(ServiceName.REDIS).toxics().get("itest-latency").remove();
            long recovered = medianPingMillis(client);
            assertThat(recovered).as("median PING after removing the toxic, ms").isLessThan(50);
        } finally {
            client.shutdown();
        }
    }

    /** Median PING round trip on a fresh connection (connection setup is not measured). */
    private static long medianPingMillis(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long[] millis = new long[PINGS];
            for (int i = 0; i < PINGS; i++) {
                long start = System.nanoTime();
                assertThat(redis.ping()).isEqualTo("PONG");
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            return millis[PINGS / 2];
        }
    }
}
