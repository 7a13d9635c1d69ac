package dev.quiver.flight.query.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.schema.ColumnField;
import dev.quiver.flight.schema.ScalarKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyOut;

/** The binary COPY frame as PostgreSQL writes it, fed in messages cut anywhere, into real vectors. */
class BinaryCopyRowsTest {
    private static final byte[] SIGNATURE = "PGCOPY\n\u00ff\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private BufferAllocator allocator;
    private BigIntVector ids;
    private VarCharVector names;
    private DecimalVector prices;
    private FieldDecoder[] decoders;

    @BeforeEach
    void vectors() {
        allocator = new RootAllocator();
        ids = new BigIntVector("id", allocator);
        names = new VarCharVector("name", allocator);
        prices = new DecimalVector("price", FieldType.nullable(new org.apache.arrow.vector.types.pojo.ArrowType.Decimal(12, 2, 128)), allocator);
        ids.allocateNew(4);
        names.allocateNew(4);
        prices.allocateNew(4);
        decoders = new FieldDecoder[] {
            FieldDecoder.of(field("id", ScalarKind.BIGINT, 0, 0), "int8", ids).orElseThrow(),
            null, // a column nobody asked for (a relation's key): skipped
            FieldDecoder.of(field("name", ScalarKind.STRING, 0, 0), "varchar", names).orElseThrow(),
            FieldDecoder.of(field("price", ScalarKind.DECIMAL, 12, 2), "numeric", prices).orElseThrow()};
    }

    @AfterEach
    void close() {
        ids.close();
        names.close();
        prices.close();
        allocator.close();
    }

    @Test
    void rowsSplitAnywhereAcrossMessagesDecodeIntoTheVectors() throws Exception {
        byte[] stream = stream(true);
        for (int cut = 1; cut < stream.length; cut += 7) {
            BinaryCopyRows rows = new BinaryCopyRows(new FakeCopyOut(split(stream, cut)), decoders);
            int count = 0;
            while (rows.next(count)) {
                count++;
            }
            assertThat(count).isEqualTo(3);
            assertThat(ids.get(0)).isEqualTo(Long.MIN_VALUE);
            assertThat(ids.isNull(1)).isTrue();
            assertThat(ids.get(2)).isEqualTo(42);
            assertThat(names.getObject(0).toString()).isEqualTo("naïve ☃");
            assertThat(names.getObject(1).toString()).isEmpty();
            assertThat(names.isNull(2)).isTrue();
            assertThat(prices.getObject(0)).isEqualTo(new BigDecimal("-12345.60"));
            assertThat(prices.getObject(1)).isEqualTo(new BigDecimal("0.00"));
            assertThat(prices.getObject(2)).isEqualTo(new BigDecimal("99999.99"));
        }
    }

    @Test
    void aStreamCutBeforeItsTrailerOrWithAnotherShapeFails() throws Exception {
        byte[] stream = stream(false);
        BinaryCopyRows cut = new BinaryCopyRows(new FakeCopyOut(List.of(stream)), decoders);
        assertThat(cut.next(0)).isTrue();
        cut.next(1);
        cut.next(2);
        assertThatThrownBy(() -> cut.next(3)).isInstanceOf(SQLException.class).hasMessageContaining("before its trailer");

        BinaryCopyRows narrow = new BinaryCopyRows(new FakeCopyOut(List.of(stream(true))), Arrays.copyOf(decoders, 3));
        assertThatThrownBy(() -> narrow.next(0)).isInstanceOf(SQLException.class).hasMessageContaining("4 fields, expected 3");

        BinaryCopyRows text = new BinaryCopyRows(new FakeCopyOut(List.of("1\tx\n".getBytes(StandardCharsets.UTF_8))), decoders);
        assertThatThrownBy(() -> text.next(0)).isInstanceOf(SQLException.class);
    }

    private static ColumnField field(String name, ScalarKind kind, int precision, int scale) {
        return new ColumnField(name, name, kind, true, precision, scale);
    }

    /** Header, three rows of (int8, int4, varchar, numeric) and, if asked, the trailer. */
    private static byte[] stream(boolean trailer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(3); // a header extension the reader must skip
        out.write(new byte[] {9, 9, 9});
        row(out, Long.MIN_VALUE, "naïve ☃", new short[] {3, 1, 0x4000, 2, 1, 2345, 6000});
        row(out, null, "", new short[] {0, 0, 0, 2});
        row(out, 42L, null, new short[] {3, 1, 0, 2, 9, 9999, 9900});
        if (trailer) {
            out.writeShort(-1);
        }
        return bytes.toByteArray();
    }

    private static void row(DataOutputStream out, Long id, String name, short[] numeric) throws IOException {
        out.writeShort(4);
        if (id == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(8);
            out.writeLong(id);
        }
        out.writeInt(4);
        out.writeInt(7);
        if (name == null) {
            out.writeInt(-1);
        } else {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
        // numeric header (digits, weight, sign, display scale) then the base-10,000 digits
        out.writeInt(2 * numeric.length);
        for (short word : numeric) {
            out.writeShort(word);
        }
    }

    private static List<byte[]> split(byte[] stream, int every) {
        List<byte[]> messages = new ArrayList<>();
        for (int from = 0; from < stream.length; from += every) {
            messages.add(Arrays.copyOfRange(stream, from, Math.min(stream.length, from + every)));
        }
        return messages;
    }

    /** The messages of a COPY, then null as pgjdbc returns at its end. */
    private static final class FakeCopyOut implements CopyOut {
        private final Deque<byte[]> messages;

        FakeCopyOut(List<byte[]> messages) {
            this.messages = new ArrayDeque<>(messages);
        }

        @Override
        public byte[] readFromCopy() {
            return messages.poll();
        }

        @Override
        public byte[] readFromCopy(boolean block) {
            return messages.poll();
        }

        @Override
        public int getFieldCount() {
            return 4;
        }

        @Override
        public int getFormat() {
            return 1;
        }

        @Override
        public int getFieldFormat(int field) {
            return 1;
        }

        @Override
        public boolean isActive() {
            return !messages.isEmpty();
        }

        @Override
        public void cancelCopy() {
            messages.clear();
        }

        @Override
        public long getHandledRowCount() {
            return 0;
        }
    }
}
