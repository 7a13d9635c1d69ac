package dev.quiver.flight.history;

import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.testing.Plans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.ServerArgs;
import dev.quiver.flight.ServerConfig;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.sinks.clickhouse.internal.EventTableLayout;
import dev.quiver.sinks.clickhouse.internal.EventTableSql;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.LimitExceededException;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.flight.schema.SchemaException;
import dev.quiver.sinks.api.EventType;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The SQL an events query becomes, the compiler's checks and the history flags; no ClickHouse needed. */
class EventHistorySqlTest {
    private static final RequestPlanner PLANNER = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()),
            new QueryLimits(1_000, 8, 10_000));

    @Test
    void sqlBindsOnlyCheckedValuesDeduplicatesAndOrders() {
        HistoryPlan plan = Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"Order\", from:"
                + " \"2026-03-01T10:00:00.5Z\", to: \"2026-03-01T12:00:00+01:00\", types: [UPDATED, CREATED], limit: 7)"
                + " { at: occurredAt eventId } }"));

        assertThat(plan.from()).isEqualTo(Instant.parse("2026-03-01T10:00:00.5Z"));
        assertThat(plan.to()).as("offset applied").isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(plan.schema().getFields()).extracting(f -> f.getName()).containsExactly("at", "eventId");
        String legacy = EventTableSql.select(plan.eventQuery(), "db.t", EventTableLayout.LEGACY_DATETIME);
        assertThat(legacy).isEqualTo("SELECT event_id, event_type, entity_type, entity_id, occurred_at_us AS occurred_us,"
                + " user_id, org_id, data FROM db.t FINAL WHERE entity_type = 'Order'"
                + " AND occurred_at >= toDateTime(1772359200) AND occurred_at <= toDateTime(1772362800)"
                + " AND occurred_us >= 1772359200500000 AND occurred_us < 1772362800000000"
                + " AND event_type IN ('created', 'updated') ORDER BY occurred_us, event_id LIMIT 7 FORMAT JSONEachRow");
        assertThat(EventTableSql.select(plan.eventQuery(), "db.t", EventTableLayout.DATETIME64)).contains("toUnixTimestamp64Micro(occurred_at) AS occurred_us")
                .doesNotContain("toDateTime(");
    }

    @Test
    void allTypesNeedNoFilterAndNoLimitMeansTheServerMaximum() {
        HistoryPlan plan = Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"Order\", from: \"2026-01-01T00:00:00Z\","
                + " to: \"2026-01-02T00:00:00Z\") { eventId } }"));
        assertThat(plan.types()).isEqualTo(EnumSet.allOf(EventType.class));
        assertThat(plan.limit()).isEqualTo(1_000);
        assertThat(EventTableSql.select(plan.eventQuery(), "db.t", EventTableLayout.LEGACY_DATETIME)).doesNotContain("event_type IN").endsWith("LIMIT 1000 FORMAT JSONEachRow");
    }

    @Test
    void compilerRefusesWhatSqlMustNotSee() {
        String window = "from: \"2026-01-01T00:00:00Z\", to: \"2026-01-02T00:00:00Z\"";
        assertThatThrownBy(() -> Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"a'b\", " + window
                + ") { eventId } }"))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("entityType");
        assertThatThrownBy(() -> Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"1x\", " + window
                + ") { eventId } }"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"Order\", " + window
                + ", limit: 1001) { eventId } }"))).isInstanceOf(LimitExceededException.class);
        assertThatThrownBy(() -> Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"Order\", " + window
                + ") { eventId bogus } }"))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("bogus");
    }

    @Test
    void flagsConfigureHistory() {
        ServerConfig none = ServerArgs.parse();
        assertThat(none.history().enabled()).isFalse();
        assertThat(ServerArgs.parse("--clickhouse-url", "http://ch:8123").history().enabled())
                .as("the URL alone is not the switch").isFalse();
        ServerConfig flags = ServerArgs.parse("--history", "--clickhouse-url", "http://ch:8123", "--clickhouse-table",
                "ev2", "--clickhouse-database", "hist");
        assertThat(flags.history()).isEqualTo(new HistoryConfig(URI.create("http://ch:8123"), "default", "", "hist", "ev2"));
        assertThatThrownBy(() -> ServerArgs.parse("--clickhouse-table", "a;b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--clickhouse-table");
        assertThatThrownBy(() -> ServerArgs.parse("--history", "--clickhouse-url", "ftp://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--clickhouse-url");
        assertThatThrownBy(() -> ServerArgs.parse("--clickhouse-url", "ftp://x"))
                .as("checked with history off too").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--clickhouse-url");
    }

    @Test
    void anEntityRootNamedEventsIsRefused() {
        assertThatThrownBy(() -> new CatalogLoader().load("type E @table(name: \"e\", root: \"events\") { id: ID! }"))
                .isInstanceOf(SchemaException.class).hasMessageContaining("event history");
    }
}
