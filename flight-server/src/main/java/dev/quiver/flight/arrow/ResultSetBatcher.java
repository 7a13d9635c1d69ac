package dev.quiver.flight.arrow;

import dev.quiver.flight.compile.OutputColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Fills a {@link VectorSchemaRoot} from a JDBC result set, at most {@code batchRows} rows at a time, so memory
 * stays bounded by one batch whatever the result size.
 */
public final class ResultSetBatcher {
    private final ResultSet rows;
    private final VectorSchemaRoot root;
    private final List<ColumnWriter> writers = new ArrayList<>();
    private final int batchRows;

    public ResultSetBatcher(ResultSet rows, List<OutputColumn> columns, VectorSchemaRoot root, int batchRows) {
        this.rows = rows;
        this.root = root;
        this.batchRows = batchRows;
        int jdbcIndex = 1;
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn column = columns.get(i);
            writers.add(ColumnWriter.forColumn(column, column.isTypename() ? -1 : jdbcIndex, root.getVector(i)));
            if (!column.isTypename()) {
                jdbcIndex++;
            }
        }
    }

    /** Loads the next batch into the root; returns its row count, 0 at the end. */
    public int next() throws SQLException {
        root.allocateNew();
        int row = 0;
        while (row < batchRows && rows.next()) {
            for (ColumnWriter writer : writers) {
                writer.write(rows, row);
            }
            row++;
        }
        root.setRowCount(row);
        return row;
    }
}
