package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.copy.FieldDecoder;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The key columns of a relation in one result set: reads a row's key as a value that compares equal across
 * JDBC types (any integer becomes a {@code Long}, decimals lose trailing zeros; composite keys become a list),
 * and knows the SQL type to declare the key arrays with.
 */
public final class KeyColumns {
    private static final Set<String> INTEGER_TYPES = Set.of("int2", "int4", "int8", "smallint",
            "integer", "bigint");

    private final int[] indexes;
    private final String[] arrayTypes;

    public KeyColumns(List<Integer> indexes, ResultSetMetaData metadata) throws SQLException {
        this.indexes = indexes.stream().mapToInt(Integer::intValue).toArray();
        this.arrayTypes = new String[this.indexes.length];
        for (int i = 0; i < this.indexes.length; i++) {
            arrayTypes[i] = arrayElementType(metadata.getColumnTypeName(this.indexes[i]));
        }
    }

    int arity() {
        return indexes.length;
    }

    /** One column of {@code smallint}, {@code integer} or {@code bigint}: keys that fit a {@code long}. */
    boolean integral() {
        return indexes.length == 1 && INTEGER_TYPES.contains(arrayTypes[0]);
    }

    /** The JDBC index of key column {@code position}. */
    int index(int position) {
        return indexes[position];
    }

    /** The SQL type of key column {@code position}, as {@code Connection.createArrayOf} takes it. */
    String arrayType(int position) {
        return arrayTypes[position];
    }

    /** The current row's key as read from JDBC (a list for composite keys), or null when any part is NULL. */
    public Object readRaw(ResultSet rows) throws SQLException {
        if (indexes.length == 1) {
            return rows.getObject(indexes[0]);
        }
        List<Object> parts = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            Object part = rows.getObject(index);
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        return parts;
    }

    /** A raw key in the form used to match parents and children. */
    static Object normalize(Object raw) {
        if (raw instanceof List) {
            List<?> parts = (List<?>) raw;
            Object[] normalized = new Object[parts.size()];
            for (int i = 0; i < normalized.length; i++) {
                normalized[i] = normalizePart(parts.get(i));
            }
            return Arrays.asList(normalized);
        }
        return raw == null ? null : normalizePart(raw);
    }

    /** Part {@code position} of a raw key, for binding. */
    static Object part(Object raw, int position) {
        return raw instanceof List ? ((List<?>) raw).get(position) : raw;
    }

    private static Object normalizePart(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).stripTrailingZeros();
        }
        return value;
    }

    /** PostgreSQL reports serial columns by their pseudo-type, which has no array type. */
    private static String arrayElementType(String columnType) {
        return FieldDecoder.typeName(columnType.toLowerCase(Locale.ROOT));
    }
}
