package dev.quiver.flight.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Writes demo rows with batched, parameterised INSERTs: portable JDBC, used for the embedded database. */
final class BatchInsertSink implements DemoRowSink, AutoCloseable {
    private static final int BATCH_ROWS = 5_000;

    private final Connection connection;
    private final Map<DemoTable, PreparedStatement> inserts = new EnumMap<>(DemoTable.class);
    private final Map<DemoTable, Integer> pending = new EnumMap<>(DemoTable.class);

    BatchInsertSink(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void row(DemoTable table, Object... values) throws SQLException {
        PreparedStatement insert = inserts.get(table);
        if (insert == null) {
            String placeholders = String.join(", ", Collections.nCopies(table.columns().size(), "?"));
            insert = connection.prepareStatement("INSERT INTO " + table.table() + " (" + table.columnList() + ") VALUES ("
                    + placeholders + ")");
            inserts.put(table, insert);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                insert.setNull(i + 1, table.columns().get(i).sqlType());
            } else {
                insert.setObject(i + 1, values[i]);
            }
        }
        insert.addBatch();
        int rows = pending.merge(table, 1, Integer::sum);
        if (rows >= BATCH_ROWS) {
            insert.executeBatch();
            pending.put(table, 0);
        }
    }

    @Override
    public void finish() throws SQLException {
        for (Map.Entry<DemoTable, PreparedStatement> insert : inserts.entrySet()) {
            if (pending.getOrDefault(insert.getKey(), 0) > 0) {
                insert.getValue().executeBatch();
                pending.put(insert.getKey(), 0);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement insert : inserts.values()) {
            insert.close();
        }
    }
}
