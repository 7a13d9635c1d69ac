package dev.quiver.sinks.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig;
import dev.quiver.sinks.clickhouse.ClickHouseSinkConfig.InsertFormat;
import dev.quiver.sinks.internal.DecodedBatch.Row;
import dev.quiver.testsupport.ChdbSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ClickHouse 20.1+ layout run by a current ClickHouse (chdb-core's embedded 26.x; the only server these
 * machines install is 18.16, which {@code ClickHouseSinkIT} uses and which gets the legacy layout): the statements
 * {@code ClickHouseSink.start()} sends, a payload from the sink's own encoder, and the reconciliation queries of
 * {@code ClickHouseEventCounter}, all as the production classes write them.
 */
class DateTime64LayoutChdbTest {
    private static final ClickHouseSinkConfig CONFIG = ClickHouseSinkConfig.defaults();
    private static final String TABLE = CONFIG.qualifiedTable();

    private static final ObserverEvent PLAIN = event(1, EventType.CREATED, "Order", "42",
            "2025-03-01T12:00:00.000001Z", null, null, "{}");
    /** Same entity type and instant as {@link #PLAIN}: only the event id tells their sorting keys apart. */
    private static final ObserverEvent UNICODE = event(2, EventType.UPDATED, "Order", "Ünïcødé-🚀",
            "2025-03-01T12:00:00.000001Z", "用户-7", "организация",
            "{\"note\":\"tab\t newline\n backslash\\ quotes '\\\" nul\0 emoji 🚀\"}");
    private static final ObserverEvent EARLIEST = event(3, EventType.DELETED, "Invoice", "i-1",
            "1925-01-01T00:00:00Z", "u", null, "{\"old\":true}");
    private static final ObserverEvent LATEST = event(4, EventType.CREATED, "Invoice", "i-2",
            "2283-11-10T23:59:59.999999Z", null, "o", "{\"new\":true}");
    private static final ObserverEvent BEFORE_EPOCH = event(5, EventType.UPDATED, "Order", "7",
            "1969-12-31T23:59:59.999999Z", "u", "o", "{}");
    private static final ObserverEvent EPOCH = event(6, EventType.UPDATED, "Order", "7",
            "1970-01-01T00:00:00Z", "u", "o", "{}");
    /** 2 MiB of two-byte characters: larger than the RowBinary encoder's buffer, a three-byte LEB128 length. */
    private static final ObserverEvent LARGE = event(7, EventType.CREATED, "Product", "p",
            "2026-01-31T23:59:59.5Z", "u", "o", "{\"blob\":\"" + "é".repeat(1 << 20) + "\"}");
    private static final List<ObserverEvent> EVENTS = List.of(PLAIN, UNICODE, EARLIEST, LATEST, BEFORE_EPOCH, EPOCH,
            LARGE);

    @Test
    void theSinksStartStatementsCreateATableTheSinkRecognisesAsDateTime64() throws Exception {
        try (ChdbSession chdb = ChdbSession.start()) {
            prepareTable(chdb);

            assertThat(columns(chdb)).containsEntry("occurred_at", "DateTime64(6, 'UTC')")
                    .containsEntry("event_type", EventTableLayout.EVENT_TYPE_ENUM)
                    .containsEntry("user_id", "Nullable(String)").doesNotContainKey("occurred_at_us");
        }
    }

    @ParameterizedTest
    @EnumSource(InsertFormat.class)
    void everyValueIsStoredExactlyAndTheCountsReconcileARedelivery(InsertFormat format) throws Exception {
        assertThat(EVENTS).allSatisfy(e -> assertThat(EventTableLayout.DATETIME64.outOfRange(e.occurredAt())).isNull());
        try (ChdbSession chdb = ChdbSession.start()) {
            prepareTable(chdb);
            // the redelivered copy stays a row of its own until FINAL merges it at query time
            chdb.query("SYSTEM STOP MERGES " + TABLE);

            insert(chdb, format, EVENTS);
            insert(chdb, format, List.of(UNICODE));

            assertThat(number(chdb, EventTableSql.rows(TABLE))).isEqualTo(EVENTS.size() + 1);
            assertThat(number(chdb, EventTableSql.countFinal(TABLE))).isEqualTo(EVENTS.size());
            assertThat(number(chdb, EventTableSql.distinctEventIds(TABLE))).isEqualTo(EVENTS.size());
            assertThat(countsByFirstColumn(chdb, EventTableSql.countFinalByMonth(TABLE))).isEqualTo(byMonth(EVENTS));
            List<ObserverEvent> stored = new ArrayList<>(EVENTS);
            stored.add(UNICODE);
            assertThat(countsByFirstColumn(chdb, EventTableSql.rowsByPartition(CONFIG.database(), CONFIG.table())))
                    .isEqualTo(byMonth(stored));
            assertThat(storedEvents(chdb)).containsExactlyInAnyOrderElementsOf(EVENTS);
        }
    }

    /** What {@code ClickHouseSink.start()} sends, in its order, checking each answer as it does. */
    private static void prepareTable(ChdbSession chdb) {
        String version = chdb.query(EventTableSql.VERSION).trim();
        assertThat(EventTableLayout.forServerVersion(version)).as("layout for version %s", version)
                .isEqualTo(EventTableLayout.DATETIME64);
        chdb.query(EventTableSql.createDatabase(CONFIG.database()));
        chdb.query(EventTableLayout.DATETIME64.createTableSql(TABLE));
        chdb.query(EventTableLayout.DATETIME64.createTableSql(TABLE)); // start() again finds the table
        assertThat(EventTableLayout.ofColumns(columns(chdb))).contains(EventTableLayout.DATETIME64);
    }

    private static Map<String, String> columns(ChdbSession chdb) {
        Map<String, String> types = new HashMap<>();
        for (List<String> row : rows(chdb, EventTableSql.columns(CONFIG.database(), CONFIG.table()))) {
            types.put(row.get(0), row.get(1));
        }
        return types;
    }

    /** The sink's insert: the encoder's payload into the layout's columns, in the encoder's format. */
    private static void insert(ChdbSession chdb, InsertFormat format, List<ObserverEvent> events) throws IOException {
        EventRowsEncoder encoder = EventRowsEncoder.of(format, EventTableLayout.DATETIME64);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        encoder.write(IntStream.range(0, events.size()).mapToObj(i -> new Row(i, events.get(i))).toList(), payload);
        chdb.insert(TABLE, EventTableLayout.DATETIME64.columns(), encoder.format().name(), payload.toByteArray());
    }

    private static List<ObserverEvent> storedEvents(ChdbSession chdb) {
        return rows(chdb, "SELECT event_id, event_type, entity_type, entity_id, toUnixTimestamp64Micro(occurred_at),"
                + " user_id, org_id, data FROM " + TABLE + " FINAL").stream()
                .map(r -> new ObserverEvent(r.get(0), EventType.fromWireName(r.get(1)), r.get(2), r.get(3),
                        micros(Long.parseLong(r.get(4))), r.get(5), r.get(6), r.get(7)))
                .toList();
    }

    private static Map<String, Long> countsByFirstColumn(ChdbSession chdb, String sql) {
        return rows(chdb, sql).stream().collect(Collectors.toMap(r -> r.get(0), r -> Long.parseLong(r.get(1)),
                Long::sum, TreeMap::new));
    }

    private static Map<String, Long> byMonth(List<ObserverEvent> events) {
        return events.stream().collect(Collectors.groupingBy(e -> String.format("%tY%<tm",
                e.occurredAt().atOffset(ZoneOffset.UTC)), TreeMap::new, Collectors.counting()));
    }

    private static long number(ChdbSession chdb, String sql) {
        return Long.parseLong(chdb.query(sql).trim());
    }

    /** Each line of the answer as {@link ClickHouseRequests#rows} reads it. */
    private static List<List<String>> rows(ChdbSession chdb, String sql) {
        return chdb.query(sql).lines().map(TabSeparated::row).toList();
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static ObserverEvent event(int id, EventType type, String entityType, String entityId, String at,
            String userId, String orgId, String data) {
        return new ObserverEvent("00000000-0000-4000-8000-%012d".formatted(id), type, entityType, entityId,
                Instant.parse(at), userId, orgId, data);
    }
}
