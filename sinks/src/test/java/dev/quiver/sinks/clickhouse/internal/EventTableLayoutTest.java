package dev.quiver.sinks.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTableLayoutTest {

    @Test
    void serversBefore20GetTheLegacyLayoutLaterOnesDateTime64() {
        assertThat(EventTableLayout.forServerVersion("18.16.1")).isEqualTo(EventTableLayout.LEGACY_DATETIME);
        assertThat(EventTableLayout.forServerVersion("19.17.10.1")).isEqualTo(EventTableLayout.LEGACY_DATETIME);
        assertThat(EventTableLayout.forServerVersion("20.1.2.4")).isEqualTo(EventTableLayout.DATETIME64);
        assertThat(EventTableLayout.forServerVersion("24.8.4.13")).isEqualTo(EventTableLayout.DATETIME64);
    }

    @Test
    void anUnrecognisedVersionIsRefused() {
        assertThatThrownBy(() -> EventTableLayout.forServerVersion("latest"))
                .hasMessage("unrecognised ClickHouse version 'latest'");
    }

    @Test
    void theLegacyTableKeepsMicrosecondsInItsOwnColumn() {
        assertThat(EventTableLayout.LEGACY_DATETIME.createTableSql("quiver.events")).isEqualTo("""
                CREATE TABLE IF NOT EXISTS quiver.events (
                    event_id String,
                    event_type Enum8('created' = 1, 'updated' = 2, 'deleted' = 3),
                    entity_type String,
                    entity_id String,
                    occurred_at DateTime('UTC'),
                    occurred_at_us Int64,
                    user_id Nullable(String),
                    org_id Nullable(String),
                    data String
                ) ENGINE = ReplacingMergeTree
                PARTITION BY toYYYYMM(occurred_at)
                ORDER BY (entity_type, occurred_at, event_id)""");
    }

    @Test
    void theCurrentTableUsesDateTime64() {
        assertThat(EventTableLayout.DATETIME64.createTableSql("db.t"))
                .contains("    occurred_at DateTime64(6, 'UTC'),\n    user_id")
                .doesNotContain("occurred_at_us")
                .contains("ENGINE = ReplacingMergeTree")
                .contains("PARTITION BY toYYYYMM(occurred_at)")
                .endsWith("ORDER BY (entity_type, occurred_at, event_id)");
    }

    @Test
    void anExistingTableIsRecognisedByItsColumns() {
        Map<String, String> legacy = columns("DateTime('UTC')");
        legacy.put("occurred_at_us", "Int64");
        Map<String, String> current = columns("DateTime64(6, 'UTC')");
        Map<String, String> foreign = columns("DateTime");
        Map<String, String> missingData = columns("DateTime64(6, 'UTC')");
        missingData.remove("data");

        assertThat(EventTableLayout.ofColumns(legacy)).contains(EventTableLayout.LEGACY_DATETIME);
        assertThat(EventTableLayout.ofColumns(current)).contains(EventTableLayout.DATETIME64);
        assertThat(EventTableLayout.ofColumns(foreign)).isEmpty();
        assertThat(EventTableLayout.ofColumns(missingData)).isEmpty();
    }

    @Test
    void eachLayoutRefusesInstantsItsColumnCannotHold() {
        assertThat(EventTableLayout.LEGACY_DATETIME.outOfRange(Instant.EPOCH)).isNull();
        assertThat(EventTableLayout.LEGACY_DATETIME.outOfRange(Instant.parse("1969-12-31T23:59:59.999999Z")))
                .isEqualTo("occurred_at 1969-12-31T23:59:59.999999Z is outside what the ClickHouse column DateTime('UTC')"
                        + " holds [1970-01-01T00:00:00Z, 2106-01-01T00:00:00Z)");
        assertThat(EventTableLayout.DATETIME64.outOfRange(Instant.parse("1950-01-01T00:00:00Z"))).isNull();
        assertThat(EventTableLayout.DATETIME64.outOfRange(Instant.parse("2300-01-01T00:00:00Z")))
                .contains("DateTime64(6, 'UTC')");
    }

    private static Map<String, String> columns(String occurredAtType) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("event_id", "String");
        columns.put("event_type", EventTableLayout.EVENT_TYPE_ENUM);
        columns.put("entity_type", "String");
        columns.put("entity_id", "String");
        columns.put("occurred_at", occurredAtType);
        columns.put("user_id", "Nullable(String)");
        columns.put("org_id", "Nullable(String)");
        columns.put("data", "String");
        return columns;
    }
}
