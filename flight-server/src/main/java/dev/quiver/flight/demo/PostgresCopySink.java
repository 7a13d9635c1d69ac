package dev.quiver.flight.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes demo rows to PostgreSQL with {@code COPY ... FROM STDIN} in text format: rows are buffered per table and
 * sent one COPY at a time whenever a buffer passes a few megabytes, so memory stays small whatever the size.
 */
final class PostgresCopySink implements DemoRowSink {
    private static final int FLUSH_BYTES = 4 << 20;

    private final CopyManager copy;
    private final Map<DemoTable, ByteArrayOutputStream> buffers = new EnumMap<>(DemoTable.class);
    private final StringBuilder line = new StringBuilder(256);

    PostgresCopySink(Connection connection) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    @Override
    public void row(DemoTable table, Object... values) throws SQLException {
        line.setLength(0);
        CopyText.appendRow(line, values);
        ByteArrayOutputStream buffer = buffers.computeIfAbsent(table, t -> new ByteArrayOutputStream(FLUSH_BYTES + 4096));
        buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        if (buffer.size() >= FLUSH_BYTES) {
            flush(table, buffer);
        }
    }

    @Override
    public void finish() throws SQLException {
        for (Map.Entry<DemoTable, ByteArrayOutputStream> buffer : buffers.entrySet()) {
            flush(buffer.getKey(), buffer.getValue());
        }
    }

    private void flush(DemoTable table, ByteArrayOutputStream buffer) throws SQLException {
        if (buffer.size() == 0) {
            return;
        }
        try {
            copy.copyIn("COPY " + table.table() + " (" + table.columnList() + ") FROM STDIN (FORMAT text)",
                    new ByteArrayInputStream(buffer.toByteArray()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table.table() + " failed: " + e.getMessage(), e);
        }
        buffer.reset();
    }
}
