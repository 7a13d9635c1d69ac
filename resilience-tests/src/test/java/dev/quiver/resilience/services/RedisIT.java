package dev.quiver.resilience.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Redis through lettuce: the SET NX EX idiom the event bridge uses for de-duplication. */
@Timeout(60)
class RedisIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static RedisClient client;

    @BeforeAll
    static void servicesUp() {
        SERVICES.require(ServiceName.REDIS);
        RedisURI uri = RedisURI.create(SERVICES.redis().uri());
        uri.setTimeout(Duration.ofSeconds(10));
        client = RedisClient.create(uri);
    }

    @AfterAll
    static void shutdown() {
        if (client != null) {
            client.shutdown();
        }
    }

    @Test
    void setIfAbsentWithExpiryClaimsAKeyOnce() {
        String key = "itest:dedup:" + UUID.randomUUID();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            try {
                assertThat(redis.set(key, "first", SetArgs.Builder.nx().ex(60))).isEqualTo("OK");
                assertThat(redis.set(key, "second", SetArgs.Builder.nx().ex(60))).isNull();

                assertThat(redis.get(key)).isEqualTo("first");
                assertThat(redis.ttl(key)).isBetween(1L, 60L);
            } finally {
                assertThat(redis.del(key)).isEqualTo(1L);
            }
            assertThat(redis.exists(key)).isZero();
        }
    }
}
