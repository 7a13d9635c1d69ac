package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.ReusableByteArray;

/**
 * Writes the value at one index of one Arrow vector as JSON, chosen once per vector from its type:
 * integers (int64 included) and decimals as exact JSON numbers, floats as numbers ({@code "NaN"},
 * {@code "Infinity"} as strings), timestamps with a zone as ISO-8601 instants in UTC ({@code ...Z}), without
 * one as local date-times, dates as {@code YYYY-MM-DD}, times as {@code HH:MM:SS[.f]}, strings as strings,
 * binary as base64, structs as objects, lists as arrays (a map is a list of {@code {key, value}} structs);
 * null slots as {@code null}. Other types fall back to the vector's {@code getObject} text.
 */
@FunctionalInterface
interface ValueWriter {

    /** Writes the (non-null) value at {@code index}. */
    void write(JsonGenerator json, int index) throws IOException;

    /** A writer for {@code vector} that also writes {@code null} for null slots. */
    static ValueWriter of(ValueVector vector) {
        ValueWriter value = valueOf(vector);
        if (vector instanceof NullVector) {
            return (json, index) -> json.writeNull();
        }
        return (json, index) -> {
            if (vector.isNull(index)) {
                json.writeNull();
            } else {
                value.write(json, index);
            }
        };
    }

    private static ValueWriter valueOf(ValueVector vector) {
        if (vector instanceof StructVector) {
            return struct((StructVector) vector);
        }
        if (vector instanceof ListVector) {
            ListVector list = (ListVector) vector;
            ValueWriter element = of(list.getDataVector());
            return (json, index) -> array(json, element, list.getElementStartIndex(index), list.getElementEndIndex(index));
        }
        if (vector instanceof LargeListVector) {
            LargeListVector list = (LargeListVector) vector;
            ValueWriter element = of(list.getDataVector());
            return (json, index) -> array(json, element, Math.toIntExact(list.getElementStartIndex(index)),
                    Math.toIntExact(list.getElementEndIndex(index)));
        }
        if (vector instanceof FixedSizeListVector) {
            FixedSizeListVector list = (FixedSizeListVector) vector;
            ValueWriter element = of(list.getDataVector());
            int size = list.getListSize();
            return (json, index) -> array(json, element, index * size, index * size + size);
        }
        if (vector instanceof UInt8Vector) {
            UInt8Vector v = (UInt8Vector) vector;
            return (json, index) -> {
                long value = v.get(index);
                if (value >= 0) {
                    json.writeNumber(value);
                } else {
                    json.writeNumber(new BigInteger(Long.toUnsignedString(value)));
                }
            };
        }
        if (vector instanceof BaseIntVector) {
            BaseIntVector v = (BaseIntVector) vector;
            return (json, index) -> json.writeNumber(v.getValueAsLong(index));
        }
        if (vector instanceof FloatingPointVector) {
            FloatingPointVector v = (FloatingPointVector) vector;
            return (json, index) -> json.writeNumber(v.getValueAsDouble(index));
        }
        if (vector instanceof BitVector) {
            BitVector v = (BitVector) vector;
            return (json, index) -> json.writeBoolean(v.get(index) != 0);
        }
        if (vector instanceof DecimalVector) {
            return decimal((DecimalVector) vector);
        }
        if (vector instanceof Decimal256Vector) {
            Decimal256Vector v = (Decimal256Vector) vector;
            return (json, index) -> json.writeNumber(v.getObject(index));
        }
        if (vector instanceof TimeStampVector) {
            return timestamp((TimeStampVector) vector);
        }
        if (vector instanceof DateDayVector) {
            DateDayVector v = (DateDayVector) vector;
            char[] text = new char[IsoText.MAX_LENGTH];
            return (json, index) -> {
                int day = v.get(index);
                if (day >= IsoText.FIRST_DAY && day <= IsoText.LAST_DAY) {
                    json.writeString(text, 0, IsoText.date(day, text));
                } else {
                    json.writeString(LocalDate.ofEpochDay(day).toString());
                }
            };
        }
        if (vector instanceof DateMilliVector) {
            DateMilliVector v = (DateMilliVector) vector;
            return (json, index) -> json.writeString(
                    LocalDate.ofEpochDay(Math.floorDiv(v.get(index), 86_400_000L)).toString());
        }
        ValueWriter time = time(vector);
        if (time != null) {
            return time;
        }
        if (vector instanceof VarCharVector || isUtf8(vector)) {
            VariableWidthFieldVector v = (VariableWidthFieldVector) vector;
            ReusableByteArray bytes = new ReusableByteArray();
            return (json, index) -> {
                v.read(index, bytes);
                json.writeUTF8String(bytes.getBuffer(), 0, (int) bytes.getLength());
            };
        }
        if (vector instanceof VariableWidthFieldVector) {
            VariableWidthFieldVector v = (VariableWidthFieldVector) vector;
            return (json, index) -> json.writeBinary(v.get(index));
        }
        if (vector instanceof FixedSizeBinaryVector) {
            FixedSizeBinaryVector v = (FixedSizeBinaryVector) vector;
            return (json, index) -> json.writeBinary(v.get(index));
        }
        return (json, index) -> json.writeString(String.valueOf(vector.getObject(index)));
    }

    private static boolean isUtf8(ValueVector vector) {
        ArrowType type = vector.getField().getType();
        return type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8 || type instanceof ArrowType.Utf8View;
    }

    private static ValueWriter struct(StructVector struct) {
        List<SerializedString> names = new ArrayList<>();
        List<ValueWriter> children = new ArrayList<>();
        for (String name : struct.getChildFieldNames()) {
            names.add(new SerializedString(name));
            children.add(of(struct.getChild(name)));
        }
        return (json, index) -> {
            json.writeStartObject();
            for (int i = 0; i < children.size(); i++) {
                json.writeFieldName(names.get(i));
                children.get(i).write(json, index);
            }
            json.writeEndObject();
        };
    }

    private static void array(JsonGenerator json, ValueWriter element, int start, int end) throws IOException {
        json.writeStartArray();
        for (int i = start; i < end; i++) {
            element.write(json, i);
        }
        json.writeEndArray();
    }

    /**
     * Decimals whose unscaled value fits a long (every decimal up to 18 digits) are written from the vector's bytes
     * ({@link PlainDecimal}); larger ones, and scales outside 0..18, through BigDecimal. Both give the plain text.
     */
    private static ValueWriter decimal(DecimalVector vector) {
        int scale = vector.getScale();
        if (scale < 0 || scale > PlainDecimal.MAX_SCALE || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return (json, index) -> json.writeNumber(vector.getObject(index));
        }
        char[] text = new char[PlainDecimal.MAX_LENGTH];
        return (json, index) -> {
            ArrowBuf data = vector.getDataBuffer(); // a new batch may have new buffers
            long offset = (long) index * DecimalVector.TYPE_WIDTH;
            long low = data.getLong(offset);
            if (data.getLong(offset + Long.BYTES) == low >> 63) {
                json.writeNumber(text, 0, PlainDecimal.write(low, scale, text));
            } else {
                json.writeNumber(vector.getObject(index));
            }
        };
    }

    private static ValueWriter timestamp(TimeStampVector vector) {
        ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
        TimeUnit unit = type.getUnit();
        if (type.getTimezone() == null) {
            return (json, index) -> json.writeString(
                    LocalDateTime.ofInstant(instant(vector.get(index), unit), ZoneOffset.UTC).toString());
        }
        long perSecond = perSecond(unit);
        char[] text = new char[IsoText.MAX_LENGTH];
        return (json, index) -> {
            long value = vector.get(index);
            long second = Math.floorDiv(value, perSecond);
            if (second >= IsoText.FIRST_SECOND && second <= IsoText.LAST_SECOND) {
                int nanos = (int) (Math.floorMod(value, perSecond) * (1_000_000_000L / perSecond));
                json.writeString(text, 0, IsoText.instant(second, nanos, text));
            } else {
                json.writeString(instant(value, unit).toString());
            }
        };
    }

    private static long perSecond(TimeUnit unit) {
        switch (unit) {
            case SECOND:
                return 1L;
            case MILLISECOND:
                return 1_000L;
            case MICROSECOND:
                return 1_000_000L;
            case NANOSECOND:
                return 1_000_000_000L;
            default:
                throw new IllegalArgumentException("unknown time unit " + unit);
        }
    }

    private static Instant instant(long value, TimeUnit unit) {
        switch (unit) {
            case SECOND:
                return Instant.ofEpochSecond(value);
            case MILLISECOND:
                return Instant.ofEpochMilli(value);
            case MICROSECOND:
                return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND:
                return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
            default:
                throw new IllegalArgumentException("unknown time unit " + unit);
        }
    }

    private static ValueWriter time(ValueVector vector) {
        if (vector instanceof TimeSecVector) {
            TimeSecVector v = (TimeSecVector) vector;
            return (json, index) -> json.writeString(LocalTime.ofSecondOfDay(v.get(index)).toString());
        }
        if (vector instanceof TimeMilliVector) {
            TimeMilliVector v = (TimeMilliVector) vector;
            return (json, index) -> json.writeString(LocalTime.ofNanoOfDay(v.get(index) * 1_000_000L).toString());
        }
        if (vector instanceof TimeMicroVector) {
            TimeMicroVector v = (TimeMicroVector) vector;
            return (json, index) -> json.writeString(LocalTime.ofNanoOfDay(v.get(index) * 1_000L).toString());
        }
        if (vector instanceof TimeNanoVector) {
            TimeNanoVector v = (TimeNanoVector) vector;
            return (json, index) -> json.writeString(LocalTime.ofNanoOfDay(v.get(index)).toString());
        }
        return null;
    }
}
