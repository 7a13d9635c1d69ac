package dev.quiver.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig.InsertFormat;
import java.net.URI;
import java.time.Duration;
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
    void toStringDoesNotShowThePassword() {
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(URI.create("https://ch.example:8443"), "quiver", "s3cret",
                "analytics", "observer_events", Duration.ofMillis(750), Duration.ofMinutes(1), InsertFormat.JSON_EACH_ROW);

        assertThat(config.toString()).contains("quiver@https://ch.example:8443/analytics.observer_events")
                .doesNotContain("s3cret");
    }

    @Test
    void tableAndDatabaseMustBePlainIdentifiers() {
        assertThatThrownBy(() -> config("http://127.0.0.1:8123", "quiver", "events; DROP", Duration.ofSeconds(30)))
                .hasMessageContaining("ClickHouse table must be a plain identifier");
        assertThatThrownBy(() -> config("http://127.0.0.1:8123", "1db", "events", Duration.ofSeconds(30)))
                .hasMessageContaining("ClickHouse database must be a plain identifier");
    }

    @Test
    void theEndpointMustBeAnHttpUrl() {
        assertThatThrownBy(() -> config("tcp://h:9000", "quiver", "events", Duration.ofSeconds(30)))
                .hasMessageContaining("endpoint must be an http:// or https:// URL");
    }

    @Test
    void theUserMustNotBeBlank() {
        assertThatThrownBy(() -> new ClickHouseSinkConfig(URI.create("http://127.0.0.1:8123"), " ", "", "quiver",
                "events", Duration.ofSeconds(5), Duration.ofSeconds(30), InsertFormat.ROW_BINARY))
                .hasMessage("ClickHouse user must not be blank");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> config("http://127.0.0.1:8123", "quiver", "events", Duration.ZERO))
                .hasMessageContaining("socketTimeout must be a positive duration");
    }

    private static ClickHouseSinkConfig config(String endpoint, String database, String table, Duration socketTimeout) {
        return new ClickHouseSinkConfig(URI.create(endpoint), "default", "", database, table, Duration.ofSeconds(5),
                socketTimeout, InsertFormat.ROW_BINARY);
    }
}
