package dev.quiver.sinks.clickhouse.internal;

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
}
