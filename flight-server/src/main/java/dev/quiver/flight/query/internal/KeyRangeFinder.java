package dev.quiver.flight.query.internal;

import dev.quiver.flight.admission.QueryGuard;
import dev.quiver.flight.query.KeyRange;
import dev.quiver.flight.query.KeySplit;
import dev.quiver.flight.source.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key ranges a split query's endpoints read: together exactly the keys of the rows the whole query returns.
 * <ol>
 *   <li>{@code min(key)} and {@code max(key)} of the rows the {@code where} condition keeps; none: no split;</li>
 *   <li>when those could span more keys than the query's limit n, the n-th key in key order caps the range, so the
 *       ranges hold the first n rows in key order (the query's own answer when it is ordered by key; a plain list
 *       has no order, so any n rows are its answer);</li>
 *   <li>{@link KeyRanges} splits that range, on PostgreSQL's histogram of the column when it has one.</li>
 * </ol>
 * Anything that rules out a split (a key column that is not an integer, a failed statement) gives no ranges: the query
 * is then read whole, as without a split. Every statement runs under the query's guard.
 */
public final class KeyRangeFinder {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRangeFinder.class);
    private static final Set<Integer> INTEGER_TYPES = Set.of(Types.SMALLINT, Types.INTEGER, Types.BIGINT);
    private static final String POSTGRES = "postgres";
    private static final String HISTOGRAM = "SELECT histogram_bounds::text FROM pg_stats"
            + " WHERE schemaname = current_schema() AND tablename = ? AND attname = ?";

    private final Database database;

    public KeyRangeFinder(Database database) {
        this.database = database;
    }

    /**
     * At most {@code count} ranges in key order covering the first {@code limit} rows of {@code split}'s query in key
     * order; empty when the query should not be split (fewer than two ranges, or see above).
     *
     * @throws dev.quiver.flight.admission.QueryStoppedException when the guard's query stopped
     */
    public List<KeyRange> find(KeySplit split, long limit, int count, QueryGuard guard) {
        guard.checkActive();
        if (count < 2 || limit < 2) {
            return List.of();
        }
        try (Connection connection = database.connect()) {
            long[] bounds = bounds(connection, split, guard);
            if (bounds == null) {
                return List.of();
            }
            long lo = bounds[0];
            long hi = bounds[1];
            if (Long.compareUnsigned(hi - lo, limit) >= 0) { // hi - lo + 1 keys may hold more than limit rows
                Long nth = nthKey(connection, split, limit, guard);
                hi = nth == null ? hi : nth;
            }
            List<KeyRange> ranges = KeyRanges.split(lo, hi, count, histogram(connection, split, guard));
            return ranges.size() < 2 ? List.of() : ranges;
        } catch (SQLException e) {
            guard.checkActive(); // a statement cancelled because the query stopped fails like any other
            LOG.warn("not splitting {} by key: {}", split.table(), e.getMessage());
            return List.of();
        }
    }

    /** {@code [min, max]} of the key, or null when there are no rows or the key holds no integers. */
    private static long[] bounds(Connection connection, KeySplit split, QueryGuard guard) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(split.boundsSql())) {
            StatementBinder.bind(statement, 1, split.whereParameters());
            try (QueryGuard.Registration guarded = guard.guard(statement);
                 ResultSet result = statement.executeQuery()) {
                if (!INTEGER_TYPES.contains(result.getMetaData().getColumnType(1))) {
                    LOG.debug("not splitting {}: key column {} is not an integer", split.table(), split.keyColumn());
                    return null;
                }
                if (!result.next() || result.getObject(1) == null) {
                    return null;
                }
                return new long[] {result.getLong(1), result.getLong(2)};
            }
        }
    }

    private static Long nthKey(Connection connection, KeySplit split, long n, QueryGuard guard) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(split.nthKeySql())) {
            List<Object> parameters = new ArrayList<>(split.whereParameters());
            parameters.add(n - 1);
            StatementBinder.bind(statement, 1, parameters);
            try (QueryGuard.Registration guarded = guard.guard(statement);
                 ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getLong(1) : null;
            }
        }
    }

    /** PostgreSQL's histogram bounds of the key column; empty on other sources, or without statistics. */
    private long[] histogram(Connection connection, KeySplit split, QueryGuard guard) throws SQLException {
        if (!POSTGRES.equals(database.kind())) {
            return new long[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(HISTOGRAM)) {
            statement.setString(1, split.table());
            statement.setString(2, split.keyColumn());
            try (QueryGuard.Registration guarded = guard.guard(statement);
                 ResultSet result = statement.executeQuery()) {
                return result.next() ? parseBounds(result.getString(1)) : new long[0];
            }
        }
    }

    /** {@code {1,500,1000}} as longs; anything else (null, not integers) as none. */
    static long[] parseBounds(String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
            return new long[0];
        }
        String inside = text.substring(1, text.length() - 1).trim();
        if (inside.isEmpty()) {
            return new long[0];
        }
        String[] parts = inside.split(",");
        long[] bounds = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                bounds[i] = Long.parseLong(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            return new long[0];
        }
        return bounds;
    }
}
