package dev.quiver.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis store against a real Redis: which ids it reports stored, matched to the ids by position across
 * several {@code MGET}s, and the keys and expiry it leaves.
 */
class RedisDedupStoreIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final String PREFIX = "quiver:test:" + UUID.randomUUID();
    private static RedisClient client;

    @BeforeAll
    static void redisUp() {
        SERVICES.require(ServiceName.REDIS);
        client = RedisDedupStore.client(SERVICES.redis().uri(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void cleanUp() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = connection.sync().keys(PREFIX + ":*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        }
        client.shutdown();
    }

    @Test
    void reportsExactlyTheMarkedIdsOfTheSinkAcrossChunks() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        Set<String> marked = new HashSet<>();
        for (int i = 0; i < ids.size(); i += 7) { // spread over all three MGET chunks
            marked.add(ids.get(i));
        }
        marked.add(ids.get(999));
        marked.add(ids.get(1_000));
        marked.add(ids.get(ids.size() - 1));
        try (RedisDedupStore store = new RedisDedupStore(client, PREFIX, Duration.ofSeconds(5))) {
            store.markStored("clickhouse", marked, Duration.ofMinutes(5));

            assertThat(store.stored("clickhouse", ids)).isEqualTo(marked);
            assertThat(store.stored("elasticsearch", ids)).isEmpty();
            assertThat(store.stored("clickhouse", List.of(ids.get(1)))).isEmpty();
            assertThat(store.ping()).isTrue();
        }
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String key = PREFIX + ":clickhouse:" + ids.get(0);
            assertThat(connection.sync().get(key)).isEqualTo("1");
            assertThat(connection.sync().ttl(key)).isBetween(1L, 300L);
            assertThat(connection.sync().keys(PREFIX + ":clickhouse:*")).hasSize(marked.size());
        }
    }

    @Test
    void markingAnIdTwiceKeepsOneKey() throws Exception {
        String id = UUID.randomUUID().toString();
        try (RedisDedupStore store = new RedisDedupStore(client, PREFIX, Duration.ofSeconds(5))) {
            store.markStored("twice", List.of(id), Duration.ofMinutes(1));
            store.markStored("twice", List.of(id), Duration.ofMinutes(1));

            assertThat(store.stored("twice", List.of(id, UUID.randomUUID().toString()))).containsExactly(id);
        }
    }
}
