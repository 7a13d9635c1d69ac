package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.query.RelationPlan;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The rows one relation statement returned for one batch of parents, staged in Arrow vectors before they are
 * placed under their parents: the scalar columns, each row's match key, and for each nested relation the key
 * its rows will look up. Rows of one key keep the statement's order.
 */
public final class FetchedRows implements AutoCloseable {
    private static final int[] NONE = new int[0];

    private final List<FieldVector> vectors = new ArrayList<>();
    private final RowWriter writer;
    private final KeyColumns matchKey;
    private final List<KeyColumns> nestedKeyColumns = new ArrayList<>();
    private final List<List<Object>> nestedKeys = new ArrayList<>();
    private final Map<Object, RowList> rowsByKey = new HashMap<>();
    private int rows;

    private FetchedRows(RelationPlan plan, ResultSetMetaData metadata, BufferAllocator allocator, boolean rawValues)
            throws SQLException {
        try {
            for (OutputColumn column : plan.columns()) {
                FieldVector vector = null;
                if (column.isScalar()) {
                    vector = column.arrowField().createVector(allocator);
                    vector.allocateNew();
                }
                vectors.add(vector);
                nestedKeyColumns.add(column.isRelation() ? new KeyColumns(column.relation().parentKeyIndexes(), metadata) : null);
                nestedKeys.add(column.isRelation() ? new ArrayList<>() : null);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
        this.writer = RowWriter.forStaging(plan.columns(), vectors, rawValues ? metadata : null);
        this.matchKey = new KeyColumns(plan.keyIndexes(), metadata);
    }

    /**
     * Reads every row of {@code results}; with {@code rawValues}, PostgreSQL values from their wire bytes where
     * {@link ColumnWriter} can, else through the typed getters.
     */
    static FetchedRows read(RelationPlan plan, ResultSet results, BufferAllocator allocator, boolean rawValues)
            throws SQLException {
        FetchedRows fetched = new FetchedRows(plan, results.getMetaData(), allocator, rawValues);
        try {
            while (results.next()) {
                fetched.add(results);
            }
            fetched.vectors.stream().filter(v -> v != null).forEach(v -> v.setValueCount(fetched.rows));
            return fetched;
        } catch (SQLException | RuntimeException e) {
            fetched.close();
            throw e;
        }
    }

    private void add(ResultSet results) throws SQLException {
        int row = rows++;
        writer.write(results, row);
        Object key = KeyColumns.normalize(matchKey.readRaw(results));
        rowsByKey.computeIfAbsent(key, k -> new RowList()).add(row);
        for (int i = 0; i < nestedKeyColumns.size(); i++) {
            KeyColumns keys = nestedKeyColumns.get(i);
            if (keys != null) {
                nestedKeys.get(i).add(keys.readRaw(results));
            }
        }
    }

    /** The staged rows whose match key equals {@code key} (normalized), in statement order. */
    int[] rowsFor(Object key) {
        RowList matches = rowsByKey.get(key);
        return matches == null ? NONE : matches.toArray();
    }

    /** The staging vectors, one per output column (null for non-scalars). */
    List<FieldVector> vectors() {
        return vectors;
    }

    /** The key columns of the nested relation in column {@code column}, or null when nothing was fetched. */
    KeyColumns nestedKeyColumns(int column) {
        return nestedKeyColumns.get(column);
    }

    /** The raw key staged row {@code row} has for the nested relation in column {@code column}. */
    Object nestedKey(int column, int row) {
        return nestedKeys.get(column).get(row);
    }

    /** Row indexes of one key, growing by doubling. */
    private static final class RowList {
        private int[] rows = new int[1];
        private int size;

        void add(int row) {
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
            }
            rows[size++] = row;
        }

        int[] toArray() {
            return size == rows.length ? rows : Arrays.copyOf(rows, size);
        }
    }

    @Override
    public void close() {
        vectors.stream().filter(v -> v != null).forEach(FieldVector::close);
    }
}
