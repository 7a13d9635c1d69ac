package dev.quiver.flight.mutation;

import dev.quiver.flight.query.OutputColumn;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Fills a root with one row: the selected fields of an {@link EntityRow}, typed as the query path types them. */
final class ArrowRowWriter {
    private ArrowRowWriter() {
    }

    static void write(VectorSchemaRoot root, List<OutputColumn> columns, EntityRow row) {
        root.allocateNew();
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn column = columns.get(i);
            FieldVector vector = root.getVector(i);
            Object value = column.isTypename() ? column.typename() : row.get(column.field().name());
            if (value == null) {
                vector.setNull(0);
            } else if (column.isTypename()) {
                ((VarCharVector) vector).setSafe(0, column.typename().getBytes(StandardCharsets.UTF_8));
            } else {
                set(vector, column, value);
            }
        }
        root.setRowCount(1);
    }

    private static void set(FieldVector vector, OutputColumn column, Object value) {
        switch (column.field().kind()) {
            case ID:
            case STRING:
            case JSON:
                ((VarCharVector) vector).setSafe(0, value.toString().getBytes(StandardCharsets.UTF_8));
                break;
            case INT:
                ((IntVector) vector).setSafe(0, (Integer) value);
                break;
            case BIGINT:
                ((BigIntVector) vector).setSafe(0, (Long) value);
                break;
            case FLOAT:
                ((Float8Vector) vector).setSafe(0, (Double) value);
                break;
            case BOOLEAN:
                ((BitVector) vector).setSafe(0, (Boolean) value ? 1 : 0);
                break;
            case DECIMAL:
                ((DecimalVector) vector).setSafe(0, ((BigDecimal) value).setScale(column.field().scale(), RoundingMode.HALF_EVEN));
                break;
            case DATETIME:
                ((TimeStampMicroTZVector) vector).setSafe(0, ChronoUnit.MICROS.between(Instant.EPOCH,
                        ((OffsetDateTime) value).toInstant()));
                break;
            case DATE:
                ((DateDayVector) vector).setSafe(0, (int) ((LocalDate) value).toEpochDay());
                break;
            default:
                throw new IllegalStateException("no Arrow writer for " + column.field().kind());
        }
    }
}
