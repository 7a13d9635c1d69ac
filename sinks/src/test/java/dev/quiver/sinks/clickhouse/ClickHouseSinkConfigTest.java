package dev.quiver.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig.InsertFormat;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseSinkConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ClickHouseSinkConfig config = ClickHouseSinkConfig.defaults();

        assertThat(config.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8123"));
        assertThat(config.user()).isEqualTo("default");
        assertThat(config.password()).isEmpty();
        assertThat(config.qualifiedTable()).isEqualTo("quiver.events");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.insertFormat()).isEqualTo(InsertFormat.ROW_BINARY);
    }

    @Test
    void everyVariableOverridesItsDefault() {
        ClickHouseSinkConfig config = ClickHouseSinkConfig.fromEnvironment(Map.of(
                "QUIVER_CLICKHOUSE_URL", "https://ch.example:8443",
                "QUIVER_CLICKHOUSE_USER", "quiver",
                "QUIVER_CLICKHOUSE_PASSWORD", "s3cret",
                "QUIVER_CLICKHOUSE_DATABASE", "analytics",
                "QUIVER_CLICKHOUSE_TABLE", "observer_events",
                "QUIVER_CLICKHOUSE_CONNECT_TIMEOUT", "750ms",
                "QUIVER_CLICKHOUSE_SOCKET_TIMEOUT", "1m",
                "QUIVER_CLICKHOUSE_INSERT_FORMAT", "jsoneachrow"));

        assertThat(config).isEqualTo(new ClickHouseSinkConfig(URI.create("https://ch.example:8443"), "quiver", "s3cret",
                "analytics", "observer_events", Duration.ofMillis(750), Duration.ofMinutes(1), InsertFormat.JSON_EACH_ROW));
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void withoutAUrlTheEndpointIsBuiltFromHostAndPortLikeTheTestServicesUseThem() {
        ClickHouseSinkConfig config = ClickHouseSinkConfig.fromEnvironment(Map.of(
                "QUIVER_CLICKHOUSE_HOST", "10.0.0.5", "QUIVER_CLICKHOUSE_HTTP_PORT", "18123",
                "QUIVER_CLICKHOUSE_NATIVE_PORT", "19000"));

        assertThat(config.endpoint()).isEqualTo(URI.create("http://10.0.0.5:18123"));
    }

    @Test
    void anUnknownVariableIsRejectedButResilienceVariablesAreLeftToTheirConfig() {
        assertThatThrownBy(() -> ClickHouseSinkConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_DATABSE", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[QUIVER_CLICKHOUSE_DATABSE]")
                .hasMessageContaining("QUIVER_CLICKHOUSE_DATABASE");
        assertThat(ClickHouseSinkConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_RETRY_MAX_ATTEMPTS", "5",
                "QUIVER_CLICKHOUSE_BREAKER_OPEN_WAIT", "10s"))).isEqualTo(ClickHouseSinkConfig.defaults());
    }

    @Test
    void tableAndDatabaseMustBePlainIdentifiers() {
        assertThatThrownBy(() -> ClickHouseSinkConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_TABLE", "events; DROP")))
                .hasMessageContaining("ClickHouse table must be a plain identifier");
        assertThatThrownBy(() -> ClickHouseSinkConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_DATABASE", "1db")))
                .hasMessageContaining("ClickHouse database must be a plain identifier");
    }

    @Test
    void theEndpointMustBeAnHttpUrl() {
        assertThatThrownBy(() -> ClickHouseSinkConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_URL", "tcp://h:9000")))
                .hasMessageContaining("must be an http:// or https:// URL");
    }

    @Test
    void anUnknownInsertFormatIsRejected() {
        assertThatThrownBy(() -> ClickHouseSinkConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_INSERT_FORMAT", "CSV")))
                .hasMessage("QUIVER_CLICKHOUSE_INSERT_FORMAT must be RowBinary or JSONEachRow but was 'CSV'");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> ClickHouseSinkConfig.fromEnvironment(Map.of("QUIVER_CLICKHOUSE_SOCKET_TIMEOUT", "0s")))
                .hasMessageContaining("socketTimeout must be a positive duration");
    }

    @Test
    void helpNamesEveryVariable() {
        assertThat(ClickHouseSinkConfig.help()).contains(ClickHouseSinkConfig.KEYS.stream()
                .map(key -> key.name()).toList());
    }
}
