package dev.quiver.flight.arrow;

import dev.quiver.flight.compile.OutputColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * Copies the scalar and {@code __typename} columns of the current JDBC row into vectors, one vector per output
 * column; relation columns are skipped (their statements fill them).
 */
public final class RowWriter {
    private final List<ColumnWriter> writers = new ArrayList<>();

    /**
     * @param columns the level's output columns
     * @param vectors one vector per column, same order; entries of relation columns are ignored and may be null
     */
    public RowWriter(List<OutputColumn> columns, List<? extends FieldVector> vectors) {
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).isRelation()) {
                writers.add(ColumnWriter.forColumn(columns.get(i), vectors.get(i)));
            }
        }
    }

    /** Writes the current row of {@code rows} at index {@code row}. */
    public void write(ResultSet rows, int row) throws SQLException {
        for (ColumnWriter writer : writers) {
            writer.write(rows, row);
        }
    }
}
