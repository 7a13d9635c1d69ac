package dev.quiver.sinks.clickhouse;

import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.clickhouse.internal.ClickHouseErrors;
import dev.quiver.sinks.clickhouse.internal.ClickHouseRequests;
import dev.quiver.sinks.clickhouse.internal.EventTableSql;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact counts of the events table that {@link ClickHouseSink} writes, for the sinks' and the bridge's
 * integration tests and the resilience suite (a test fixture: other modules get it from the {@code quiver-sinks}
 * test-jar). Redelivered events are separate rows until ClickHouse merges parts, so the exact counts
 * use {@code FINAL} (merges at query time) or {@code uniqExact(event_id)}; {@link #rows()} is the raw count.
 */
public final class ClickHouseEventCounter implements AutoCloseable {
    private final ClickHouseSinkConfig config;
    private final ClickHouseRequests requests;

    public ClickHouseEventCounter(ClickHouseSinkConfig config) {
        this.config = config;
        this.requests = new ClickHouseRequests(config);
    }

    /** Distinct events: {@code SELECT count() FROM table FINAL}. */
    public long countFinal() throws SinkException {
        return number(EventTableSql.countFinal(config.qualifiedTable()));
    }

    /** Distinct event ids: {@code SELECT uniqExact(event_id) FROM table}. */
    public long distinctEventIds() throws SinkException {
        return number(EventTableSql.distinctEventIds(config.qualifiedTable()));
    }

    /** Rows as stored, duplicates from redeliveries included until they are merged away. */
    public long rows() throws SinkException {
        return number(EventTableSql.rows(config.qualifiedTable()));
    }

    /** Distinct events per month of {@code occurred_at} ({@code 202503} → count), with {@code FINAL}. */
    public Map<Integer, Long> countFinalByMonth() throws SinkException {
        Map<Integer, Long> counts = new TreeMap<>();
        for (List<String> row : rows(EventTableSql.countFinalByMonth(config.qualifiedTable()))) {
            counts.put(Integer.parseInt(row.get(0)), Long.parseLong(row.get(1)));
        }
        return counts;
    }

    /** The table's active partitions and the rows in each, from {@code system.parts} (before de-duplication). */
    public Map<String, Long> rowsByPartition() throws SinkException {
        Map<String, Long> rows = new TreeMap<>();
        for (List<String> row : rows(EventTableSql.rowsByPartition(config.database(), config.table()))) {
            rows.put(row.get(0), Long.parseLong(row.get(1)));
        }
        return rows;
    }

    @Override
    public void close() {
        requests.close();
    }

    private long number(String sql) throws SinkException {
        try {
            return Long.parseLong(requests.scalar(sql));
        } catch (Exception e) {
            throw ClickHouseErrors.classify(ClickHouseSink.NAME, "counting with `" + sql + "`", e);
        }
    }

    private List<List<String>> rows(String sql) throws SinkException {
        try {
            return requests.rows(sql);
        } catch (Exception e) {
            throw ClickHouseErrors.classify(ClickHouseSink.NAME, "counting with `" + sql + "`", e);
        }
    }
}
