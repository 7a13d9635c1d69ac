package dev.quiver.flight.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain SQL results as the same Java values {@link ArrowRows} gives, so a test can state what a GraphQL result
 * must be with ordinary SQL: timestamps become epoch microseconds, dates epoch days, and IDs are compared as
 * strings (select them with {@code CAST(id AS VARCHAR)}).
 */
public final class JdbcRows {
    private final Connection connection;

    public JdbcRows(Connection connection) {
        this.connection = connection;
    }

    public List<Map<String, Object>> query(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet results = statement.executeQuery()) {
                ResultSetMetaData metadata = results.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (results.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= metadata.getColumnCount(); c++) {
                        row.put(metadata.getColumnLabel(c), value(results, c, metadata.getColumnType(c)));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** The single row {@code sql} returns, or null when it returns none. */
    public Map<String, Object> one(String sql, Object... parameters) throws SQLException {
        List<Map<String, Object>> rows = query(sql, parameters);
        if (rows.size() > 1) {
            throw new IllegalStateException(rows.size() + " rows for " + sql);
        }
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static Object value(ResultSet results, int column, int type) throws SQLException {
        Object value;
        switch (type) {
            case Types.TIMESTAMP_WITH_TIMEZONE:
            case Types.TIMESTAMP:
                OffsetDateTime time = results.getObject(column, OffsetDateTime.class);
                value = time == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant());
                break;
            case Types.DATE:
                LocalDate date = results.getObject(column, LocalDate.class);
                value = date == null ? null : (int) date.toEpochDay();
                break;
            case Types.SMALLINT:
            case Types.INTEGER:
                value = results.getInt(column);
                break;
            case Types.BIT:
            case Types.BOOLEAN:
                value = results.getBoolean(column);
                break;
            default:
                value = results.getObject(column);
        }
        return results.wasNull() ? null : value;
    }
}
