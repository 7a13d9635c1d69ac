package dev.quiver.flight.query.internal;

import dev.quiver.flight.query.OutputColumn;
import dev.quiver.flight.query.copy.FieldDecoder;
import dev.quiver.flight.schema.ColumnField;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.postgresql.PGResultSetMetaData;

/** Copies one JDBC column into one Arrow vector, row by row. */
@FunctionalInterface
public interface ColumnWriter {
    void write(ResultSet rows, int row) throws SQLException;

    /**
     * The writer of a scalar or {@code __typename} column of {@code results}; relation columns have none. From a
     * PostgreSQL result, a column whose type and transfer format {@link FieldDecoder} reads is written from its raw
     * bytes ({@code getBytes}: what pgjdbc received, no String, BigDecimal or OffsetDateTime per value); any other
     * column through the typed getters.
     */
    static ColumnWriter forColumn(OutputColumn column, FieldVector vector, ResultSetMetaData results) throws SQLException {
        if (column.isScalar() && results != null && results.isWrapperFor(PGResultSetMetaData.class)) {
            int index = column.jdbcIndex();
            String type = FieldDecoder.typeName(results.getColumnTypeName(index));
            Optional<FieldDecoder> raw = results.unwrap(PGResultSetMetaData.class).getFormat(index) == 1
                    ? FieldDecoder.of(column.field(), type, vector) : FieldDecoder.ofText(column.field(), type, vector);
            if (raw.isPresent()) {
                FieldDecoder decoder = raw.get();
                return (rows, row) -> decoder.write(rows.getBytes(index), row);
            }
        }
        return forColumn(column, vector);
    }

    /** The writer of a scalar or {@code __typename} column through the typed getters; relation columns have none. */
    static ColumnWriter forColumn(OutputColumn column, FieldVector vector) {
        if (column.isTypename()) {
            byte[] typename = column.typename().getBytes(StandardCharsets.UTF_8);
            VarCharVector v = (VarCharVector) vector;
            return (rows, row) -> v.setSafe(row, typename);
        }
        if (!column.isScalar()) {
            throw new IllegalArgumentException(column.resultKey() + " is a relation, not a column");
        }
        ColumnField field = column.field();
        int jdbcIndex = column.jdbcIndex();
        switch (field.kind()) {
            case ID:
            case STRING:
            case JSON: {
                VarCharVector v = (VarCharVector) vector;
                return (rows, row) -> {
                    String value = rows.getString(jdbcIndex);
                    if (value == null) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
                    }
                };
            }
            case INT: {
                IntVector v = (IntVector) vector;
                return (rows, row) -> {
                    int value = rows.getInt(jdbcIndex);
                    if (rows.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value);
                    }
                };
            }
            case BIGINT: {
                BigIntVector v = (BigIntVector) vector;
                return (rows, row) -> {
                    long value = rows.getLong(jdbcIndex);
                    if (rows.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value);
                    }
                };
            }
            case FLOAT: {
                Float8Vector v = (Float8Vector) vector;
                return (rows, row) -> {
                    double value = rows.getDouble(jdbcIndex);
                    if (rows.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value);
                    }
                };
            }
            case BOOLEAN: {
                BitVector v = (BitVector) vector;
                return (rows, row) -> {
                    boolean value = rows.getBoolean(jdbcIndex);
                    if (rows.wasNull()) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value ? 1 : 0);
                    }
                };
            }
            case DECIMAL: {
                DecimalVector v = (DecimalVector) vector;
                int scale = field.scale();
                return (rows, row) -> {
                    BigDecimal value = rows.getBigDecimal(jdbcIndex);
                    if (value == null) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, value.setScale(scale, RoundingMode.HALF_EVEN));
                    }
                };
            }
            case DATETIME: {
                TimeStampMicroTZVector v = (TimeStampMicroTZVector) vector;
                return (rows, row) -> {
                    OffsetDateTime value = rows.getObject(jdbcIndex, OffsetDateTime.class);
                    if (value == null) {
                        v.setNull(row);
                    } else {
                        java.time.Instant instant = value.toInstant(); // not ChronoUnit.MICROS.between: it overflows past 2262
                        v.setSafe(row, Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                                instant.getNano() / 1_000));
                    }
                };
            }
            case DATE: {
                DateDayVector v = (DateDayVector) vector;
                return (rows, row) -> {
                    LocalDate value = rows.getObject(jdbcIndex, LocalDate.class);
                    if (value == null) {
                        v.setNull(row);
                    } else {
                        v.setSafe(row, (int) value.toEpochDay());
                    }
                };
            }
            default:
                throw new IllegalStateException("no writer for " + field.kind());
        }
    }
}
