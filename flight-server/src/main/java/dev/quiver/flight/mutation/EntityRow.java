package dev.quiver.flight.mutation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.EntityType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of an entity's table as Java values by GraphQL field name: ID/String/JSON as String, Int as Integer,
 * BigInt as Long, Float as Double, Boolean, Decimal as BigDecimal, DateTime as OffsetDateTime (UTC), Date as
 * LocalDate; SQL NULL as null.
 */
public record EntityRow(EntityType entity, Map<String, Object> values) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EntityRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Reads the current row of {@code rows}, whose columns are the entity's columns in order. */
    static EntityRow read(ResultSet rows, EntityType entity) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        int index = 1;
        for (ColumnField column : entity.columns()) {
            values.put(column.name(), value(rows, index++, column));
        }
        return new EntityRow(entity, values);
    }

    public Object get(String fieldName) {
        return values.get(fieldName);
    }

    /**
     * The row as a GraphQL JSON response shows it: Int and Float as numbers, Boolean as a boolean, every other
     * scalar (ID, String, BigInt, Decimal, DateTime, Date, JSON) as a string; DateTime as an ISO-8601 UTC instant
     * like {@code 2026-02-01T09:00:00Z}; null as null.
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        for (ColumnField column : entity.columns()) {
            Object value = values.get(column.name());
            if (value == null) {
                node.putNull(column.name());
            } else if (value instanceof Integer) {
                node.put(column.name(), (Integer) value);
            } else if (value instanceof Double && Double.isFinite((Double) value)) {
                node.put(column.name(), (Double) value);
            } else if (value instanceof Boolean) {
                node.put(column.name(), (Boolean) value);
            } else if (value instanceof OffsetDateTime) {
                node.put(column.name(), ((OffsetDateTime) value).toInstant().toString()); // always with seconds, UTC
            } else if (value instanceof java.math.BigDecimal) {
                node.put(column.name(), ((java.math.BigDecimal) value).toPlainString());
            } else {
                node.put(column.name(), value.toString());
            }
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a " + entity.typeName() + " row as JSON", e);
        }
    }

    private static Object value(ResultSet rows, int index, ColumnField column) throws SQLException {
        switch (column.kind()) {
            case ID:
            case STRING:
            case JSON:
                return rows.getString(index);
            case INT: {
                int value = rows.getInt(index);
                return rows.wasNull() ? null : value;
            }
            case BIGINT: {
                long value = rows.getLong(index);
                return rows.wasNull() ? null : value;
            }
            case FLOAT: {
                double value = rows.getDouble(index);
                return rows.wasNull() ? null : value;
            }
            case BOOLEAN: {
                boolean value = rows.getBoolean(index);
                return rows.wasNull() ? null : value;
            }
            case DECIMAL:
                return rows.getBigDecimal(index);
            case DATETIME: {
                OffsetDateTime value = rows.getObject(index, OffsetDateTime.class);
                return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case DATE:
                return rows.getObject(index, LocalDate.class);
            default:
                throw new IllegalStateException("no reader for " + column.kind());
        }
    }
}
