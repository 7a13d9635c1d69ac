package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.OutputColumn;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Copies columns of the current JDBC row into vectors, one vector per output column; relation columns are
 * skipped (their statements fill them).
 */
public final class RowWriter {
    private final List<ColumnWriter> writers = new ArrayList<>();

    private RowWriter(List<OutputColumn> columns, List<? extends FieldVector> vectors, boolean typenames,
                      ResultSetMetaData results) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn column = columns.get(i);
            if (column.isScalar() || typenames && column.isTypename()) {
                writers.add(ColumnWriter.forColumn(column, vectors.get(i), results));
            }
        }
    }

    /**
     * Writes the scalar and {@code __typename} columns: rows that stay where they are written.
     *
     * @param columns the level's output columns
     * @param vectors one vector per column, same order; entries of relation columns are ignored
     * @param results the description of the result set the rows come from (its types and transfer formats)
     */
    public static RowWriter forResult(List<OutputColumn> columns, List<? extends FieldVector> vectors,
                                      ResultSetMetaData results) throws SQLException {
        return new RowWriter(columns, vectors, true, results);
    }

    /**
     * Writes only the scalar columns: rows staged before {@link StructRowCopier} places them.
     *
     * @param columns the level's output columns
     * @param vectors one vector per column, same order; entries of non-scalar columns are ignored and may be null
     * @param results the description of the result set the rows come from (its types and transfer formats)
     */
    public static RowWriter forStaging(List<OutputColumn> columns, List<? extends FieldVector> vectors,
                                       ResultSetMetaData results) throws SQLException {
        return new RowWriter(columns, vectors, false, results);
    }

    /** Writes the current row of {@code rows} at index {@code row}. */
    public void write(ResultSet rows, int row) throws SQLException {
        for (ColumnWriter writer : writers) {
            writer.write(rows, row);
        }
    }
}
