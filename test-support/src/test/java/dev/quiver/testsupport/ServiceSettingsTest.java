package dev.quiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

    private static ServiceSettings settings(Map<String, String> env) {
        return ServiceSettings.fromEnvironment(env::get);
    }

    @Test
    void emptyEnvironmentGivesTheDesignDefaults() {
        ServiceSettings s = settings(Map.of());

        assertThat(s.postgres()).isEqualTo(new PostgresSettings("127.0.0.1", 5432, "quiver", "quiver", "quiver"));
        assertThat(s.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/quiver");
        assertThat(s.nats()).isEqualTo(new NatsSettings("127.0.0.1", 4222, 8222));
        assertThat(s.nats().url()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(s.nats().monitorUrl()).isEqualTo("http://127.0.0.1:8222");
        assertThat(s.redis().uri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(s.clickhouse()).isEqualTo(new ClickHouseSettings("127.0.0.1", 8123, 9000, "default", "", "default"));
        assertThat(s.clickhouse().httpUrl()).isEqualTo("http://127.0.0.1:8123");
        assertThat(s.elasticsearch().httpUrl()).isEqualTo("http://127.0.0.1:9200");
        assertThat(s.toxiproxy()).isEqualTo(new ToxiproxySettings("127.0.0.1", 8474));
    }

    @Test
    void everyVariableOverridesItsDefault() {
        ServiceSettings s = settings(Map.ofEntries(
                Map.entry("QUIVER_POSTGRES_HOST", "pg.test"),
                Map.entry("QUIVER_POSTGRES_PORT", "6543"),
                Map.entry("QUIVER_POSTGRES_DB", "db1"),
                Map.entry("QUIVER_POSTGRES_USER", "u1"),
                Map.entry("QUIVER_POSTGRES_PASSWORD", "p1"),
                Map.entry("QUIVER_NATS_HOST", "nats.test"),
                Map.entry("QUIVER_NATS_PORT", "4333"),
                Map.entry("QUIVER_NATS_MONITOR_PORT", "8333"),
                Map.entry("QUIVER_REDIS_HOST", "redis.test"),
                Map.entry("QUIVER_REDIS_PORT", "6380"),
                Map.entry("QUIVER_CLICKHOUSE_HOST", "ch.test"),
                Map.entry("QUIVER_CLICKHOUSE_HTTP_PORT", "8124"),
                Map.entry("QUIVER_CLICKHOUSE_NATIVE_PORT", "9001"),
                Map.entry("QUIVER_CLICKHOUSE_USER", "analyst"),
                Map.entry("QUIVER_CLICKHOUSE_PASSWORD", "secret"),
                Map.entry("QUIVER_ELASTICSEARCH_HOST", "es.test"),
                Map.entry("QUIVER_ELASTICSEARCH_PORT", "9201"),
                Map.entry("QUIVER_TOXIPROXY_HOST", "toxi.test"),
                Map.entry("QUIVER_TOXIPROXY_PORT", "8475")));

        assertThat(s.postgres()).isEqualTo(new PostgresSettings("pg.test", 6543, "db1", "u1", "p1"));
        assertThat(s.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://pg.test:6543/db1");
        assertThat(s.nats()).isEqualTo(new NatsSettings("nats.test", 4333, 8333));
        assertThat(s.redis()).isEqualTo(new RedisSettings("redis.test", 6380));
        assertThat(s.clickhouse()).isEqualTo(new ClickHouseSettings("ch.test", 8124, 9001, "analyst", "secret", "default"));
        assertThat(s.elasticsearch()).isEqualTo(new ElasticsearchSettings("es.test", 9201));
        assertThat(s.toxiproxy()).isEqualTo(new ToxiproxySettings("toxi.test", 8475));
    }

    @Test
    void blankValuesMeanDefaultButAnEmptyPasswordIsKept() {
        ServiceSettings s = settings(Map.of(
                "QUIVER_POSTGRES_HOST", "  ",
                "QUIVER_POSTGRES_PORT", "",
                "QUIVER_POSTGRES_PASSWORD", ""));

        assertThat(s.postgres().host()).isEqualTo("127.0.0.1");
        assertThat(s.postgres().port()).isEqualTo(5432);
        assertThat(s.postgres().password()).isEmpty();
    }

    @Test
    void surroundingWhitespaceIsTrimmed() {
        assertThat(settings(Map.of("QUIVER_REDIS_PORT", " 6390 ")).redis().port()).isEqualTo(6390);
    }

    @Test
    void nonNumericPortIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("QUIVER_CLICKHOUSE_HTTP_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QUIVER_CLICKHOUSE_HTTP_PORT")
                .hasMessageContaining("'eighty'");
    }

    @Test
    void portZeroIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("QUIVER_NATS_MONITOR_PORT", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QUIVER_NATS_MONITOR_PORT");
    }

    @Test
    void portAboveRangeIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("QUIVER_POSTGRES_PORT", "65536")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QUIVER_POSTGRES_PORT")
                .hasMessageContaining("65536");
    }

    @Test
    void recordsRejectInvalidValuesDirectly() {
        assertThatThrownBy(() -> new RedisSettings(" ", 6379)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Redis host");
        assertThatThrownBy(() -> new ElasticsearchSettings("localhost", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Elasticsearch port");
    }

    @Test
    void passwordsStayOutOfToString() {
        ServiceSettings s = settings(Map.of("QUIVER_POSTGRES_PASSWORD", "hunter2", "QUIVER_CLICKHOUSE_PASSWORD", "hunter3"));

        assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("hunter3");
    }

    @Test
    void addressNamesTheMainPort() {
        ServiceSettings s = settings(Map.of());

        assertThat(s.address(ServiceName.CLICKHOUSE)).isEqualTo("127.0.0.1:8123");
        assertThat(s.address(ServiceName.NATS)).isEqualTo("127.0.0.1:4222");
        assertThat(s.address(ServiceName.TOXIPROXY)).isEqualTo("127.0.0.1:8474");
    }
}
