package dev.quiver.flight.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
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
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            appendValue(values[i]);
        }
        line.append('\n');
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

    private void appendValue(Object value) {
        if (value == null) {
            line.append("\\N");
        } else if (value instanceof String) {
            escape((String) value);
        } else if (value instanceof Boolean) {
            line.append((Boolean) value ? 't' : 'f');
        } else if (value instanceof BigDecimal) {
            line.append(((BigDecimal) value).toPlainString());
        } else if (value instanceof OffsetDateTime) {
            line.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format((OffsetDateTime) value));
        } else {
            line.append(value); // Long, Integer, Double (Double.toString round-trips), LocalDate (ISO)
        }
    }

    /** COPY text format: backslash, tab, newline and carriage return are escaped with a backslash. */
    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\': line.append("\\\\"); break;
                case '\t': line.append("\\t"); break;
                case '\n': line.append("\\n"); break;
                case '\r': line.append("\\r"); break;
                default: line.append(c);
            }
        }
    }
}
