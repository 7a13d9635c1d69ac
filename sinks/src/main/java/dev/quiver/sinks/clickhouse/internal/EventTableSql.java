package dev.quiver.sinks.clickhouse.internal;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.clickhouse.EventQuery;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The SQL that {@code ClickHouseSink} and {@code ClickHouseEventCounter} send besides the table's DDL
 * ({@link EventTableLayout#createTableSql}), in one place so tests can run exactly this text against a server.
 * Names are plain identifiers (checked by {@code ClickHouseSinkConfig}); no statement has a {@code FORMAT}
 * clause ({@link ClickHouseRequests} adds {@code FORMAT TabSeparated} to queries).
 */
public final class EventTableSql {
    /** The server's version, which picks the layout of a new table ({@link EventTableLayout#forServerVersion}). */
    public static final String VERSION = "SELECT version()";

    private EventTableSql() {
    }

    public static String createDatabase(String database) {
        return "CREATE DATABASE IF NOT EXISTS " + database;
    }

    /** Name and type of each column of the table: what {@link EventTableLayout#ofColumns} reads. */
    public static String columns(String database, String table) {
        return "SELECT name, type FROM system.columns WHERE database = '" + database + "' AND table = '" + table + "'";
    }

    /** Distinct events: rows after {@code FINAL} replaced the duplicates. */
    public static String countFinal(String qualifiedTable) {
        return "SELECT count() FROM " + qualifiedTable + " FINAL";
    }

    /** Distinct event ids. */
    public static String distinctEventIds(String qualifiedTable) {
        return "SELECT uniqExact(event_id) FROM " + qualifiedTable;
    }

    /** Rows as stored, duplicates not merged yet included. */
    public static String rows(String qualifiedTable) {
        return "SELECT count() FROM " + qualifiedTable;
    }

    /** {@code month (yyyyMM), count} per month of {@code occurred_at}, with {@code FINAL}. */
    public static String countFinalByMonth(String qualifiedTable) {
        return "SELECT toYYYYMM(occurred_at) AS month, count() FROM " + qualifiedTable + " FINAL GROUP BY month";
    }

    /** {@code partition, rows} of the table's active parts, before de-duplication. */
    public static String rowsByPartition(String database, String table) {
        return "SELECT partition, sum(rows) FROM system.parts WHERE database = '" + database + "' AND table = '"
                + table + "' AND active GROUP BY partition";
    }

    /**
     * The stored events {@code query} selects, in JSONEachRow with the instant as {@code occurred_us} (microseconds
     * since the epoch), ordered by {@code occurred_us, event_id}. ClickHouse 18.16 has no HTTP query parameters, so
     * every value is written into the text, and only values that cannot carry SQL: the entity type is an identifier
     * ({@link EventQuery} checks it), instants and the limit are numbers, event types are the enum's wire names.
     * Duplicates (an event stored twice by a redelivery) collapse with {@code FINAL}.
     */
    public static String select(EventQuery query, String qualifiedTable, EventTableLayout layout) {
        boolean legacy = layout == EventTableLayout.LEGACY_DATETIME;
        long from = micros(query.from());
        long to = micros(query.to());
        StringBuilder sql = new StringBuilder("SELECT event_id, event_type, entity_type, entity_id, ")
                .append(legacy ? "occurred_at_us" : "toUnixTimestamp64Micro(occurred_at)")
                .append(" AS occurred_us, user_id, org_id, data FROM ").append(qualifiedTable).append(" FINAL")
                .append(" WHERE entity_type = '").append(query.entityType()).append('\'');
        if (legacy) { // the seconds column is in the sorting key: lets ClickHouse skip granules and partitions
            sql.append(" AND occurred_at >= toDateTime(").append(Math.floorDiv(from, 1_000_000L))
                    .append(") AND occurred_at <= toDateTime(").append(Math.floorDiv(to, 1_000_000L)).append(')');
        }
        sql.append(" AND occurred_us >= ").append(from).append(" AND occurred_us < ").append(to);
        if (query.types().size() < EventType.values().length) {
            sql.append(" AND event_type IN (").append(query.types().stream().sorted()
                    .map(type -> "'" + type.wireName() + "'").collect(Collectors.joining(", "))).append(')');
        }
        return sql.append(" ORDER BY occurred_us, event_id LIMIT ").append(query.limit()).append(" FORMAT JSONEachRow")
                .toString();
    }

    /** Kills query {@code queryId} without waiting for it to end; the id was checked to be {@code [A-Za-z0-9_-]}. */
    public static String killQuery(String queryId) {
        return "KILL QUERY WHERE query_id = '" + queryId + "' ASYNC";
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
