package dev.quiver.sinks.clickhouse.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two shapes of the events table. Both are a {@code ReplacingMergeTree} partitioned by month of
 * {@code occurred_at} and ordered by {@code (entity_type, occurred_at, event_id)}: the same event stored twice
 * (a redelivery) has the same sorting key, so merges keep one row, and {@code FINAL} or
 * {@code uniqExact(event_id)} count exactly before merges have run.
 * <ul>
 *   <li>{@link #DATETIME64} (ClickHouse 20.1 and later): {@code occurred_at DateTime64(6, 'UTC')} holds the
 *       microseconds itself.</li>
 *   <li>{@link #LEGACY_DATETIME} (older servers such as 18.16, which have no {@code DateTime64}):
 *       {@code occurred_at DateTime('UTC')} holds whole seconds for partitioning and ordering, and
 *       {@code occurred_at_us Int64} the exact instant in microseconds since the epoch.</li>
 * </ul>
 * A table that already exists keeps its shape ({@link #ofColumns}), so a server upgraded from 18.x goes on
 * writing the legacy shape into the table it has.
 */
public enum EventTableLayout {
    DATETIME64("DateTime64(6, 'UTC')",
            Instant.parse("1925-01-01T00:00:00Z"), Instant.parse("2283-11-11T00:00:00Z"),
            List.of("event_id", "event_type", "entity_type", "entity_id", "occurred_at", "user_id", "org_id", "data")),
    LEGACY_DATETIME("DateTime('UTC'),\n    occurred_at_us Int64",
            Instant.EPOCH, Instant.parse("2106-01-01T00:00:00Z"),
            List.of("event_id", "event_type", "entity_type", "entity_id", "occurred_at", "occurred_at_us", "user_id",
                    "org_id", "data"));

    /** {@code event_type} values on disk: the wire names with their Enum8 codes. */
    public static final String EVENT_TYPE_ENUM = "Enum8('created' = 1, 'updated' = 2, 'deleted' = 3)";

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+).*");

    private final String occurredAtDefinition;
    private final Instant earliest;
    private final Instant latestExclusive;
    private final List<String> columns;

    EventTableLayout(String occurredAtDefinition, Instant earliest, Instant latestExclusive, List<String> columns) {
        this.occurredAtDefinition = occurredAtDefinition;
        this.earliest = earliest;
        this.latestExclusive = latestExclusive;
        this.columns = columns;
    }

    /**
     * The layout a server of this {@code SELECT version()} gets for a new table.
     *
     * @throws IllegalArgumentException if the version is not {@code major.minor...}
     */
    public static EventTableLayout forServerVersion(String version) {
        Matcher matcher = VERSION.matcher(version.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("unrecognised ClickHouse version '" + version + "'");
        }
        int major = Integer.parseInt(matcher.group(1));
        return major >= 20 ? DATETIME64 : LEGACY_DATETIME;
    }

    /** The layout of an existing table given its column names and types, if it is one of ours. */
    public static Optional<EventTableLayout> ofColumns(Map<String, String> typesByName) {
        for (EventTableLayout layout : values()) {
            if (typesByName.keySet().containsAll(layout.columns)
                    && (layout == LEGACY_DATETIME) == typesByName.containsKey("occurred_at_us")
                    && (layout == LEGACY_DATETIME || typesByName.get("occurred_at").startsWith("DateTime64"))) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /** {@code CREATE TABLE IF NOT EXISTS} for this layout. */
    public String createTableSql(String qualifiedTable) {
        return "CREATE TABLE IF NOT EXISTS " + qualifiedTable + " (\n"
                + "    event_id String,\n"
                + "    event_type " + EVENT_TYPE_ENUM + ",\n"
                + "    entity_type String,\n"
                + "    entity_id String,\n"
                + "    occurred_at " + occurredAtDefinition + ",\n"
                + "    user_id Nullable(String),\n"
                + "    org_id Nullable(String),\n"
                + "    data String\n"
                + ") ENGINE = ReplacingMergeTree\n"
                + "PARTITION BY toYYYYMM(occurred_at)\n"
                + "ORDER BY (entity_type, occurred_at, event_id)";
    }

    /** The columns an insert names, in the order the encoders write them. */
    public List<String> columns() {
        return columns;
    }

    /** Why {@code occurredAt} cannot be stored in this layout, or {@code null} if it can. */
    public String outOfRange(Instant occurredAt) {
        if (occurredAt.isBefore(earliest) || !occurredAt.isBefore(latestExclusive)) {
            return "occurred_at " + occurredAt + " is outside what the ClickHouse column " + occurredAtDefinition
                    .replaceAll(",\\n.*", "") + " holds [" + earliest + ", " + latestExclusive + ")";
        }
        return null;
    }
}
