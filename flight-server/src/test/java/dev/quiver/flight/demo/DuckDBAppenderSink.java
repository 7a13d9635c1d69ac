package dev.quiver.flight.demo;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes demo rows through DuckDB's appender (its bulk path; batched INSERTs run row by row there). For
 * EmbeddedEngineMeasure only: what a DuckDB embedded source would load with instead of {@link BatchInsertSink}.
 */
final class DuckDBAppenderSink implements DemoRowSink, AutoCloseable {
    private final DuckDBConnection connection;
    private final Map<DemoTable, DuckDBAppender> appenders = new EnumMap<>(DemoTable.class);

    DuckDBAppenderSink(DuckDBConnection connection) {
        this.connection = connection;
    }

    @Override
    public void row(DemoTable table, Object... values) throws SQLException {
        DuckDBAppender appender = appenders.get(table);
        if (appender == null) {
            appender = connection.createAppender("main", table.table());
            appenders.put(table, appender);
        }
        appender.beginRow();
        for (Object value : values) {
            if (value == null) {
                appender.appendNull();
            } else if (value instanceof Long v) {
                appender.append(v.longValue());
            } else if (value instanceof Integer v) {
                appender.append(v.intValue());
            } else if (value instanceof String v) {
                appender.append(v);
            } else if (value instanceof BigDecimal v) {
                appender.append(v);
            } else if (value instanceof Double v) {
                appender.append(v.doubleValue());
            } else if (value instanceof Boolean v) {
                appender.append(v.booleanValue());
            } else if (value instanceof OffsetDateTime v) {
                appender.append(v);
            } else if (value instanceof LocalDate v) {
                appender.append(v);
            } else {
                throw new IllegalArgumentException("no appender call for " + value.getClass());
            }
        }
        appender.endRow();
    }

    @Override
    public void finish() throws SQLException {
        for (DuckDBAppender appender : appenders.values()) {
            appender.flush();
        }
    }

    @Override
    public void close() throws SQLException {
        for (DuckDBAppender appender : appenders.values()) {
            appender.close();
        }
    }
}
