package dev.quiver.cli.format;

import dev.quiver.client.internal.JsonValues;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.NonNullableStructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One cell of an Arrow vector as a plain Java value that prints and encodes the way a person expects: strings,
 * numbers and booleans as themselves, timestamps and dates as ISO-8601 text ({@code 2024-05-01T12:00:00Z} when the
 * column has a time zone), binary as base64, structs as ordered maps and lists as lists.
 */
public final class CellValues {
    private CellValues() {
    }

    /** The cell's value: {@code null}, String, Number, Boolean, {@code Map<String, Object>} or {@code List<Object>}. */
    public static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof NonNullableStructVector struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (FieldVector child : struct.getChildrenFromFields()) {
                fields.put(child.getName(), value(child, row));
            }
            return fields;
        }
        if (vector instanceof BaseListVector list) {
            FieldVector data = vector.getChildrenFromFields().get(0);
            List<Object> items = new ArrayList<>();
            for (int i = list.getElementStartIndex(row); i < list.getElementEndIndex(row); i++) {
                items.add(value(data, i));
            }
            return items;
        }
        if (vector instanceof TimeStampVector timestamp) {
            return timestamp(timestamp, row);
        }
        if (vector instanceof DateDayVector days) {
            return LocalDate.ofEpochDay(days.get(row)).toString();
        }
        if (vector instanceof DateMilliVector millis) {
            return LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L)).toString();
        }
        if (vector instanceof TimeSecVector || vector instanceof TimeMilliVector
                || vector instanceof TimeMicroVector || vector instanceof TimeNanoVector) {
            return time(vector, row);
        }
        if (vector instanceof UInt1Vector || vector instanceof UInt2Vector || vector instanceof UInt4Vector) {
            return ((Number) unsigned(vector, row)).longValue();
        }
        if (vector instanceof UInt8Vector uint8) {
            return uint8.getObjectNoOverflow(row);
        }
        Object value = vector.getObject(row);
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString(); // Text, java.time values, intervals
    }

    /** The cell as text for CSV and tables: {@code null} for null, JSON for structs and lists. */
    public static String text(FieldVector vector, int row) {
        Object value = value(vector, row);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            return JsonValues.write(value, JsonValues.NonFinite.AS_NULL);
        }
        return value.toString();
    }

    /** Whether the column holds numbers (right-aligned in tables). */
    public static boolean isNumeric(ArrowType type) {
        return type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint
                || type instanceof ArrowType.Decimal;
    }

    private static String timestamp(TimeStampVector vector, int row) {
        ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
        long raw = vector.get(row);
        Instant instant = switch (type.getUnit()) {
            case SECOND -> Instant.ofEpochSecond(raw);
            case MILLISECOND -> Instant.ofEpochMilli(raw);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000L),
                    Math.floorMod(raw, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(raw, 1_000_000_000L),
                    Math.floorMod(raw, 1_000_000_000L));
        };
        if (type.getTimezone() != null) {
            return instant.toString();
        }
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static String time(FieldVector vector, int row) {
        long nanos;
        if (vector instanceof TimeSecVector v) {
            nanos = TimeUnit.SECONDS.toNanos(v.get(row));
        } else if (vector instanceof TimeMilliVector v) {
            nanos = TimeUnit.MILLISECONDS.toNanos(v.get(row));
        } else if (vector instanceof TimeMicroVector v) {
            nanos = TimeUnit.MICROSECONDS.toNanos(v.get(row));
        } else {
            nanos = ((TimeNanoVector) vector).get(row);
        }
        return LocalTime.ofNanoOfDay(nanos).toString();
    }

    private static Object unsigned(FieldVector vector, int row) {
        if (vector instanceof UInt1Vector v) {
            return v.getObjectNoOverflow(row);
        }
        if (vector instanceof UInt2Vector v) {
            return (int) v.get(row);
        }
        return ((UInt4Vector) vector).getObjectNoOverflow(row);
    }
}
