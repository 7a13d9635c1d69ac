package dev.quiver.flight.query.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.ScalarKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

class FieldDecoderTest {

    @Test
    void integerKeysReadAsIdsAreTheirDecimalDigits() {
        List<Long> values = new ArrayList<>(List.of(0L, -1L, 9L, 10L, 99L, 100L, -100L, 101L, 999_999L, Long.MAX_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE + 1, (long) Integer.MIN_VALUE));
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < 2_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        try (BufferAllocator allocator = new RootAllocator(); VarCharVector ids = new VarCharVector("id", allocator)) {
            ids.allocateNew();
            FieldDecoder decoder = decoder(ScalarKind.ID, "int8", ids);
            for (int row = 0; row < values.size(); row++) {
                decoder.decode(ByteBuffer.allocate(8).putLong(values.get(row)).array(), 0, 8, row);
            }
            for (int row = 0; row < values.size(); row++) {
                assertThat(ids.getObject(row).toString()).isEqualTo(Long.toString(values.get(row)));
            }
            decoder.decode(ByteBuffer.allocate(4).putInt(-42).array(), 0, 4, 0); // an int4 key
            decoder.decode(ByteBuffer.allocate(2).putShort((short) 7).array(), 0, 2, 1); // an int2 key
            assertThat(ids.getObject(0).toString()).isEqualTo("-42");
            assertThat(ids.getObject(1).toString()).isEqualTo("7");
        }
    }

    @Test
    void timesShiftFromThePostgresqlEpochAndInfinityFails() {
        try (BufferAllocator allocator = new RootAllocator();
             TimeStampMicroTZVector times = new TimeStampMicroTZVector("at", org.apache.arrow.vector.types.pojo.FieldType
                     .nullable(new org.apache.arrow.vector.types.pojo.ArrowType.Timestamp(
                             org.apache.arrow.vector.types.TimeUnit.MICROSECOND, "UTC")), allocator);
             DateDayVector days = new DateDayVector("day", allocator)) {
            times.allocateNew(2);
            days.allocateNew(2);
            FieldDecoder time = decoder(ScalarKind.DATETIME, "timestamptz", times);
            FieldDecoder day = decoder(ScalarKind.DATE, "date", days);
            time.decode(ByteBuffer.allocate(8).putLong(0).array(), 0, 8, 0);
            day.decode(ByteBuffer.allocate(4).putInt(-10_957).array(), 0, 4, 0);
            assertThat(times.get(0)).isEqualTo(946_684_800_000_000L); // 2000-01-01T00:00:00Z
            assertThat(days.get(0)).isZero(); // 1970-01-01
            assertThatThrownBy(() -> time.decode(ByteBuffer.allocate(8).putLong(Long.MAX_VALUE).array(), 0, 8, 1))
                    .isInstanceOf(ArithmeticException.class).hasMessageContaining("infinite");
            assertThatThrownBy(() -> day.decode(ByteBuffer.allocate(4).putInt(Integer.MIN_VALUE).array(), 0, 4, 1))
                    .isInstanceOf(ArithmeticException.class).hasMessageContaining("infinite");
        }
    }

    @Test
    void pairingsWithoutADecoderAreRefused() {
        try (BufferAllocator allocator = new RootAllocator(); VarCharVector text = new VarCharVector("t", allocator)) {
            assertThat(FieldDecoder.of(field(ScalarKind.STRING), "uuid", text)).isEmpty();
            assertThat(FieldDecoder.of(field(ScalarKind.DATETIME), "timestamp", text)).isEmpty();
            assertThat(FieldDecoder.of(field(ScalarKind.INT), "int8", text)).isEmpty();
            assertThat(FieldDecoder.of(field(ScalarKind.BOOLEAN), "text", text)).isEmpty();
        }
    }

    private static FieldDecoder decoder(ScalarKind kind, String type, FieldVector vector) {
        return FieldDecoder.of(field(kind), type, vector).orElseThrow();
    }

    private static ColumnField field(ScalarKind kind) {
        return new ColumnField("f", "f", kind, true, kind == ScalarKind.DECIMAL ? 12 : 0, 0);
    }
}
