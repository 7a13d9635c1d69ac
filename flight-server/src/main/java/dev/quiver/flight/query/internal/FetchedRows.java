package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.query.RelationPlan;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The rows one relation statement returned for one batch of parents, staged in Arrow vectors before they are
 * placed under their parents: the scalar columns, each row's match key, and for each nested relation the key
 * its rows will look up. Rows of one key keep the statement's order.
 */
public final class FetchedRows implements AutoCloseable {
    private final List<FieldVector> vectors = new ArrayList<>();
    private final RowWriter writer;
    private final RowKeys matchKeys;
    private final List<RowKeys> nestedKeys = new ArrayList<>();
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
                nestedKeys.add(column.isRelation()
                        ? RowKeys.of(new KeyColumns(column.relation().parentKeyIndexes(), metadata)) : null);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
        this.writer = RowWriter.forStaging(plan.columns(), vectors, rawValues ? metadata : null);
        this.matchKeys = RowKeys.of(new KeyColumns(plan.keyIndexes(), metadata));
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
        writer.write(results, rows++);
        matchKeys.read(results);
        for (RowKeys keys : nestedKeys) {
            if (keys != null) {
                keys.read(results);
            }
        }
    }

    /** The staged rows grouped by the number {@code parents} gives their match key, in statement order. */
    RowGroups groupBy(KeyIndex parents) {
        return RowGroups.of(matchKeys.idsIn(parents), parents.size());
    }

    /** The staging vectors, one per output column (null for non-scalars). */
    List<FieldVector> vectors() {
        return vectors;
    }

    /** The keys the staged rows have for the nested relation in column {@code column}. */
    RowKeys nestedKeys(int column) {
        return nestedKeys.get(column);
    }

    @Override
    public void close() {
        vectors.stream().filter(v -> v != null).forEach(FieldVector::close);
    }
}
