package dev.quiver.sinks.clickhouse;

import dev.quiver.sinks.api.Sink;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.SinkHealth;
import dev.quiver.sinks.api.WriteResult;
import dev.quiver.sinks.clickhouse.internal.ClickHouseErrors;
import dev.quiver.sinks.clickhouse.internal.ClickHouseRequests;
import dev.quiver.sinks.clickhouse.internal.EventRowsEncoder;
import dev.quiver.sinks.clickhouse.internal.EventTableLayout;
import dev.quiver.sinks.clickhouse.internal.EventTableSql;
import dev.quiver.sinks.internal.DecodedBatch;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores observer events in a ClickHouse table over the HTTP interface (clickhouse-java client-v2).
 *
 * <p>{@link #start()} creates the database and the table if absent (a {@code ReplacingMergeTree}, see
 * {@link EventTableLayout} for its two shapes: {@code DateTime64(6)} on ClickHouse 20.1+, {@code DateTime} plus
 * an {@code Int64} microseconds column on older servers such as 18.16). {@link #write} sends one
 * {@code INSERT} per batch, in {@code RowBinary} by default. Redelivered events are stored again and collapse
 * into one row when ClickHouse merges parts; until then count them exactly with {@code FINAL} or
 * {@code uniqExact(event_id)}, as the tests' {@code ClickHouseEventCounter} does.
 *
 * <p>An event whose {@code occurred_at} the table cannot hold is rejected (dead-lettered), never stored
 * wrong. Failures are classified: unreachable, timeouts and overload are retriable; authentication, SQL and
 * type errors are permanent.
 */
public final class ClickHouseSink implements Sink {
    /** The sink's {@link #name()}. */
    public static final String NAME = "clickhouse";
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final ClickHouseSinkConfig config;
    private final ClickHouseRequests requests;
    private volatile EventTableLayout layout;
    private volatile EventRowsEncoder encoder;
    private volatile String serverVersion = "unknown version";

    public ClickHouseSink(ClickHouseSinkConfig config) {
        this.config = config;
        this.requests = new ClickHouseRequests(config);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Creates the database and table if absent and learns the table's shape. Safe to call again. */
    @Override
    public void start() throws SinkException {
        String table = config.qualifiedTable();
        try {
            String version = requests.scalar(EventTableSql.VERSION);
            requests.execute(EventTableSql.createDatabase(config.database()));
            requests.execute(EventTableLayout.forServerVersion(version).createTableSql(table));
            Map<String, String> columns = columns();
            EventTableLayout found = EventTableLayout.ofColumns(columns).orElseThrow(() -> SinkException.permanent(NAME,
                    "table " + table + " exists but is not an events table (columns " + columns + "); drop it or set"
                            + " QUIVER_CLICKHOUSE_TABLE to another name", null));
            encoder = EventRowsEncoder.of(config.insertFormat(), found);
            layout = found;
            serverVersion = version;
            LOG.info("ClickHouse {} at {}: writing {} ({} layout, {} inserts)", version, config.endpoint(), table,
                    found, config.insertFormat());
        } catch (SinkException e) {
            throw e;
        } catch (Exception e) {
            throw ClickHouseErrors.classify(NAME, "preparing table " + table + " at " + config.endpoint(), e);
        }
    }

    /** Inserts the batch's storable events; calls {@link #start()} first if it has not succeeded yet. */
    @Override
    public WriteResult write(VectorSchemaRoot batch) throws SinkException {
        if (layout == null) {
            start();
        }
        EventTableLayout current = layout;
        DecodedBatch decoded;
        try {
            decoded = DecodedBatch.decode(batch, event -> current.outOfRange(event.occurredAt()));
        } catch (IllegalArgumentException e) {
            throw SinkException.permanent(NAME, e.getMessage(), e);
        }
        if (!decoded.accepted().isEmpty()) {
            EventRowsEncoder rows = encoder;
            try {
                requests.insert(config.qualifiedTable(), current.columns(),
                        out -> rows.write(decoded.accepted(), out), rows.format());
            } catch (Exception e) {
                throw ClickHouseErrors.classify(NAME, "inserting " + decoded.accepted().size() + " events into "
                        + config.qualifiedTable(), e);
            }
        }
        return decoded.result(List.of());
    }

    /** Pings the server ({@code SELECT 1}, at most 2 s). */
    @Override
    public SinkHealth health() {
        try {
            if (requests.ping(HEALTH_TIMEOUT)) {
                return SinkHealth.up("ClickHouse " + serverVersion + " at " + config.endpoint() + ", table "
                        + config.qualifiedTable() + (layout == null ? " (not prepared yet)" : ""));
            }
            return SinkHealth.down("ClickHouse at " + config.endpoint() + " does not answer");
        } catch (RuntimeException e) {
            return SinkHealth.down("ClickHouse at " + config.endpoint() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        requests.close();
    }

    private Map<String, String> columns() throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<String> row : requests.rows(EventTableSql.columns(config.database(), config.table()))) {
            types.put(row.get(0), row.get(1));
        }
        return types;
    }

    @Override
    public String toString() {
        return "ClickHouseSink[" + config + "]";
    }
}
