package dev.quiver.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CellValuesTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void datesAndTimesAreIsoText() {
        try (DateDayVector day = new DateDayVector("d", allocator);
                TimeMicroVector time = new TimeMicroVector("t", allocator);
                TimeStampMilliVector local = new TimeStampMilliVector("ts", allocator);
                TimeStampNanoTZVector zoned = new TimeStampNanoTZVector("tz", allocator, "Europe/Paris")) {
            day.setSafe(0, 19_844);
            time.setSafe(0, 45_296_000_001L);
            local.setSafe(0, 1_714_564_800_123L);
            zoned.setSafe(0, 1_714_564_800_000_000_001L);
            assertThat(CellValues.value(day, 0)).isEqualTo("2024-05-01");
            assertThat(CellValues.value(time, 0)).isEqualTo("12:34:56.000001");
            assertThat(CellValues.value(local, 0)).isEqualTo("2024-05-01T12:00:00.123");
            assertThat(CellValues.value(zoned, 0)).isEqualTo("2024-05-01T12:00:00.000000001Z");
        }
    }

    @Test
    void numbersKeepTheirPrecisionAndSign() {
        try (DecimalVector decimal = new DecimalVector("p", allocator, 12, 2);
                UInt2Vector uint2 = new UInt2Vector("u2", allocator);
                UInt8Vector uint8 = new UInt8Vector("u8", allocator);
                Float4Vector float4 = new Float4Vector("f", allocator)) {
            decimal.setSafe(0, new BigDecimal("222.00"));
            uint2.setSafe(0, 65_535);
            uint8.setSafe(0, -1L);
            float4.setSafe(0, 1.5f);
            assertThat(CellValues.value(decimal, 0)).isEqualTo(new BigDecimal("222.00"));
            assertThat(CellValues.text(decimal, 0)).isEqualTo("222.00");
            assertThat(CellValues.value(uint2, 0)).isEqualTo(65_535L);
            assertThat(CellValues.value(uint8, 0)).isEqualTo(new BigInteger("18446744073709551615"));
            assertThat(CellValues.text(float4, 0)).isEqualTo("1.5");
        }
    }

    @Test
    void binaryIsBase64AndBooleansAreBooleans() {
        try (VarBinaryVector binary = new VarBinaryVector("b", allocator);
                BitVector bit = new BitVector("ok", allocator)) {
            binary.setSafe(0, "hi!".getBytes(StandardCharsets.UTF_8));
            bit.setSafe(0, 1);
            bit.setNull(1);
            assertThat(CellValues.value(binary, 0)).isEqualTo("aGkh");
            assertThat(CellValues.value(bit, 0)).isEqualTo(true);
            assertThat(CellValues.value(bit, 1)).isNull();
            assertThat(CellValues.text(bit, 1)).isNull();
        }
    }
}
