package dev.quiver.flight.history.internal;

import dev.quiver.flight.history.HistoryPlan;
import dev.quiver.sinks.api.EventType;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The ClickHouse SELECT of a {@link HistoryPlan}. ClickHouse 18.16 has no HTTP query parameters, so every value
 * is written into the text, and only values that cannot carry SQL: the entity type was checked to be an
 * identifier, instants and the limit are numbers, event types are the enum's fixed wire names. Duplicates (a
 * redelivered event stored twice) collapse with {@code FINAL} (the table is a ReplacingMergeTree keyed by
 * {@code (entity_type, occurred_at, event_id)}); rows come ordered by {@code occurred_at, event_id}.
 */
public final class HistorySql {
    private HistorySql() {
    }

    /**
     * @param table        {@code database.table}, both plain identifiers
     * @param microsColumn whether the table has {@code occurred_at_us Int64} (the ClickHouse 18.x/19.x layout);
     *                     otherwise {@code occurred_at} is a {@code DateTime64(6)}
     */
    public static String select(HistoryPlan plan, String table, boolean microsColumn) {
        long from = micros(plan.from());
        long to = micros(plan.to());
        String micros = microsColumn ? "occurred_at_us" : "toUnixTimestamp64Micro(occurred_at)";
        String types = plan.types().stream().sorted().map(t -> "'" + t.wireName() + "'")
                .collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT event_id, event_type, entity_type, entity_id, ")
                .append(micros).append(" AS occurred_us, user_id, org_id, data FROM ").append(table).append(" FINAL")
                .append(" WHERE entity_type = '").append(plan.entityType()).append('\'');
        if (microsColumn) { // the seconds column is in the sorting key: lets ClickHouse skip granules and partitions
            sql.append(" AND occurred_at >= toDateTime(").append(Math.floorDiv(from, 1_000_000L))
                    .append(") AND occurred_at <= toDateTime(").append(Math.floorDiv(to, 1_000_000L)).append(')');
        }
        sql.append(" AND occurred_us >= ").append(from).append(" AND occurred_us < ").append(to);
        if (plan.types().size() < EventType.values().length) {
            sql.append(" AND event_type IN (").append(types).append(')');
        }
        sql.append(" ORDER BY occurred_us, event_id LIMIT ").append(plan.limit()).append(" FORMAT JSONEachRow");
        return sql.toString();
    }

    /**
     * The column names of {@code database.table}, one per line: an events table has {@code occurred_at}, and the
     * legacy layout also {@code occurred_at_us}.
     */
    public static String columns(String database, String table) {
        return "SELECT name FROM system.columns WHERE database = '" + database + "' AND table = '" + table
                + "' FORMAT TabSeparated";
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }
}
