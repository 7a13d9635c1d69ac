package dev.quiver.flight.history;

import dev.quiver.flight.request.RequestPlanner;
import dev.quiver.flight.testing.Plans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.flight.demo.DemoShop;
import dev.quiver.flight.request.GraphQLRequest;
import dev.quiver.flight.request.QueryLimits;
import dev.quiver.flight.schema.CatalogLoader;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig.InsertFormat;
import dev.quiver.sinks.clickhouse.internal.EventRowDecoder;
import dev.quiver.sinks.clickhouse.internal.EventRowsEncoder;
import dev.quiver.sinks.clickhouse.internal.EventTableLayout;
import dev.quiver.sinks.clickhouse.internal.EventTableSql;
import dev.quiver.sinks.internal.DecodedBatch.Row;
import dev.quiver.testsupport.ChdbSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The history query on the ClickHouse 20.1+ layout, run by a current ClickHouse (chdb-core's embedded 26.x;
 * {@link EventHistoryIT} runs it on the 18.16 these machines install, which has the legacy layout): a table made by
 * the sink's DDL and filled with its RowBinary encoder's payloads (one event twice, in two inserts), the
 * {@link EventTableSql#select} of compiled {@code events} queries, and {@link EventRowDecoder}'s decoding of the answer.
 */
class EventHistoryChdbTest {
    private static final HistoryConfig CONFIG = HistoryConfig.disabled(); // only its database and table names
    private static final String TABLE = CONFIG.qualifiedTable();
    private static final RequestPlanner PLANNER = new RequestPlanner(new CatalogLoader().load(DemoShop.sdl()),
            new QueryLimits(1_000, 8, 10_000));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ObserverEvent EARLIEST = event(1, EventType.CREATED, "Order", "1925-01-01T00:00:00Z");
    private static final ObserverEvent BEFORE = event(2, EventType.CREATED, "Order", "2026-03-01T10:00:00Z");
    private static final ObserverEvent AT_START = event(3, EventType.CREATED, "Order", "2026-03-01T10:00:00.000001Z");
    /** Two events at the same instant, inserted in the opposite order: eventId decides. */
    private static final ObserverEvent TIE_A = event(0xa, EventType.UPDATED, "Order", "2026-03-01T10:30:00.123456Z");
    private static final ObserverEvent TIE_B = event(0xb, EventType.CREATED, "Order", "2026-03-01T10:30:00.123456Z");
    private static final ObserverEvent DELETED = event(4, EventType.DELETED, "Order", "2026-03-01T10:40:00Z");
    private static final ObserverEvent OTHER_ENTITY = event(5, EventType.CREATED, "Invoice", "2026-03-01T10:15:00Z");
    /** The last microsecond of the window, with text that needs escaping, and stored twice. */
    private static final ObserverEvent REDELIVERED = new ObserverEvent("00000000-0000-4000-8000-000000000006",
            EventType.UPDATED, "Order", "Ünïcødé-🚀", Instant.parse("2026-03-01T10:59:59.999999Z"), "用户-7",
            "организация", "{\"note\":\"tab\t newline\n backslash\\ quotes '\\\" nul\0 emoji 🚀\"}");
    private static final ObserverEvent AT_END = event(7, EventType.CREATED, "Order", "2026-03-01T11:00:00Z");
    private static final ObserverEvent LATEST = event(8, EventType.UPDATED, "Order", "2283-11-10T23:59:59.999999Z");
    private static final List<ObserverEvent> STORED = List.of(EARLIEST, BEFORE, AT_START, TIE_B, TIE_A, DELETED,
            OTHER_ENTITY, REDELIVERED, AT_END, LATEST);

    private static ChdbSession chdb;

    @BeforeAll
    static void fillTable() throws Exception {
        chdb = ChdbSession.start();
        chdb.query(EventTableSql.createDatabase(CONFIG.database()));
        chdb.query(EventTableLayout.DATETIME64.createTableSql(TABLE));
        chdb.query("SYSTEM STOP MERGES " + TABLE); // the second copy stays a row of its own: FINAL must collapse it
        insert(STORED);
        insert(List.of(REDELIVERED));
        assertThat(chdb.query(EventTableSql.rows(TABLE)).trim()).isEqualTo(String.valueOf(STORED.size() + 1));
    }

    @AfterAll
    static void close() throws Exception {
        if (chdb != null) {
            chdb.close();
        }
    }

    @Test
    void theTableIsFoundToHaveTheDateTime64Layout() {
        Map<String, String> columns = new LinkedHashMap<>();
        chdb.query(EventTableSql.columns(CONFIG.database(), CONFIG.table()) + " FORMAT TabSeparated").lines()
                .map(line -> line.split("\t", 2)).forEach(column -> columns.put(column[0], column[1]));

        assertThat(EventTableLayout.ofColumns(columns)).contains(EventTableLayout.DATETIME64);
    }

    @Test
    void aWindowReturnsItsEventsOnceInOrderWithEveryValue() throws IOException {
        List<ObserverEvent> events = history("from: \"2026-03-01T10:00:00.000001Z\", to: \"2026-03-01T12:00:00+01:00\","
                + " types: [UPDATED, CREATED]");

        assertThat(events).containsExactly(AT_START, TIE_A, TIE_B, REDELIVERED);
    }

    @Test
    void allTypesAcrossTheWholeRangeOfTheLayout() throws IOException {
        List<ObserverEvent> events = history("from: \"1925-01-01T00:00:00Z\", to: \"2283-11-11T00:00:00Z\"");

        assertThat(events).containsExactly(EARLIEST, BEFORE, AT_START, TIE_A, TIE_B, DELETED, REDELIVERED, AT_END,
                LATEST);
    }

    @Test
    void theLimitKeepsTheEarliest() throws IOException {
        List<ObserverEvent> events = history("from: \"2026-03-01T10:00:00Z\", to: \"2026-03-01T11:00:00Z\", limit: 3");

        assertThat(events).containsExactly(BEFORE, AT_START, TIE_A);
    }

    /** The events of {@code events(entityType: "Order", arguments)} as the server reads them from ClickHouse. */
    private static List<ObserverEvent> history(String arguments) throws IOException {
        HistoryPlan plan = Plans.history(PLANNER, GraphQLRequest.of("{ events(entityType: \"Order\", " + arguments
                + ") { eventId } }"));
        String answer = chdb.query(EventTableSql.select(plan.eventQuery(), TABLE, EventTableLayout.DATETIME64));
        List<ObserverEvent> events = new ArrayList<>();
        try (MappingIterator<JsonNode> rows = JSON.readerFor(JsonNode.class).readValues(answer)) {
            while (rows.hasNextValue()) {
                events.add(EventRowDecoder.event(rows.nextValue()));
            }
        }
        return events;
    }

    private static void insert(List<ObserverEvent> events) throws IOException {
        EventRowsEncoder encoder = EventRowsEncoder.of(InsertFormat.ROW_BINARY, EventTableLayout.DATETIME64);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        encoder.write(IntStream.range(0, events.size()).mapToObj(i -> new Row(i, events.get(i))).toList(), payload);
        chdb.insert(TABLE, EventTableLayout.DATETIME64.columns(), encoder.format().name(), payload.toByteArray());
    }

    private static ObserverEvent event(int id, EventType type, String entityType, String at) {
        return new ObserverEvent("00000000-0000-4000-8000-%012x".formatted(id), type, entityType, "e" + id,
                Instant.parse(at), id % 2 == 0 ? null : "user-" + id, id % 3 == 0 ? null : "org-" + id,
                "{\"id\":" + id + "}");
    }
}
