package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every Arrow type the server emits (and the struct/list shapes relations bring) rendered to exact JSON. */
class RowJsonWriterTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void scalarsKeepTheirExactValues() throws Exception {
        Schema schema = new Schema(List.of(
                field("id", ArrowType.Utf8.INSTANCE),
                field("n32", new ArrowType.Int(32, true)),
                field("n64", new ArrowType.Int(64, true)),
                field("u64", new ArrowType.Int(64, false)),
                field("f", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("b", ArrowType.Bool.INSTANCE),
                field("dec", new ArrowType.Decimal(38, 9, 128)),
                field("cents", new ArrowType.Decimal(12, 2, 128)),
                field("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                field("local", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                field("day", new ArrowType.Date(DateUnit.DAY)),
                field("bin", ArrowType.Binary.INSTANCE)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            ((VarCharVector) root.getVector("id")).setSafe(0, "naïve \"☃\" \\ 🎉\n\u0001".getBytes(StandardCharsets.UTF_8));
            ((IntVector) root.getVector("n32")).setSafe(0, Integer.MIN_VALUE);
            ((BigIntVector) root.getVector("n64")).setSafe(0, 9_007_199_254_740_993L);
            ((UInt8Vector) root.getVector("u64")).setSafe(0, -1L);
            ((Float8Vector) root.getVector("f")).setSafe(0, 0.1);
            ((BitVector) root.getVector("b")).setSafe(0, 1);
            ((DecimalVector) root.getVector("dec")).setSafe(0, new BigDecimal("12345678901234567890123456789.123456789"));
            ((DecimalVector) root.getVector("cents")).setSafe(0, new BigDecimal("0.10"));
            ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(0, -1L);
            ((TimeStampMilliVector) root.getVector("local")).setSafe(0, 1_709_210_096_123L);
            ((DateDayVector) root.getVector("day")).setSafe(0, -1);
            ((VarBinaryVector) root.getVector("bin")).setSafe(0, new byte[] {0, 1, 2});
            for (var vector : root.getFieldVectors()) {
                vector.setNull(1);
            }
            ((Float8Vector) root.getVector("f")).setSafe(1, Double.NaN);
            root.setRowCount(2);

            assertThat(render(root)).isEqualTo("["
                    + "{\"id\":\"naïve \\\"☃\\\" \\\\ 🎉\\n\\u0001\",\"n32\":-2147483648,\"n64\":9007199254740993,"
                    + "\"u64\":18446744073709551615,\"f\":0.1,\"b\":true,"
                    + "\"dec\":12345678901234567890123456789.123456789,\"cents\":0.10,"
                    + "\"ts\":\"1969-12-31T23:59:59.999999Z\",\"local\":\"2024-02-29T12:34:56.123\","
                    + "\"day\":\"1969-12-31\",\"bin\":\"AAEC\"},"
                    + "{\"id\":null,\"n32\":null,\"n64\":null,\"u64\":null,\"f\":\"NaN\",\"b\":null,\"dec\":null,"
                    + "\"cents\":null,\"ts\":null,\"local\":null,\"day\":null,\"bin\":null}]");
        }
    }

    @Test
    void structsAreObjectsAndListsOfStructsAreArrays() throws Exception {
        Field customer = new Field("customer", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                field("name", ArrowType.Utf8.INSTANCE), field("since", new ArrowType.Date(DateUnit.DAY))));
        Field item = new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                field("sku", ArrowType.Utf8.INSTANCE), field("price", new ArrowType.Decimal(12, 2, 128))));
        Field items = new Field("items", FieldType.nullable(ArrowType.List.INSTANCE), List.of(item));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(field("id", new ArrowType.Int(64, true)),
                customer, items)), allocator)) {
            root.allocateNew();
            BigIntVector id = (BigIntVector) root.getVector("id");
            StructVector who = (StructVector) root.getVector("customer");
            ListVector lines = (ListVector) root.getVector("items");
            StructVector line = (StructVector) lines.getDataVector();
            VarCharVector sku = line.getChild("sku", VarCharVector.class);
            DecimalVector price = line.getChild("price", DecimalVector.class);

            id.setSafe(0, 1);
            who.setIndexDefined(0);
            who.getChild("name", VarCharVector.class).setSafe(0, "Ada".getBytes(StandardCharsets.UTF_8));
            who.getChild("since", DateDayVector.class).setSafe(0, 19_723); // 2024-01-01
            int start = lines.startNewValue(0);
            for (int i = 0; i < 2; i++) {
                line.setIndexDefined(start + i);
                sku.setSafe(start + i, ("sku-" + i).getBytes(StandardCharsets.UTF_8));
                price.setSafe(start + i, new BigDecimal(i == 0 ? "9.99" : "120.00"));
            }
            lines.endValue(0, 2);

            id.setSafe(1, 2);
            who.setNull(1);
            lines.startNewValue(1);
            lines.endValue(1, 0);

            id.setSafe(2, 3);
            who.setIndexDefined(2);
            who.getChild("name", VarCharVector.class).setNull(2);
            who.getChild("since", DateDayVector.class).setNull(2);
            lines.setNull(2);
            root.setRowCount(3);

            assertThat(render(root)).isEqualTo("["
                    + "{\"id\":1,\"customer\":{\"name\":\"Ada\",\"since\":\"2024-01-01\"},"
                    + "\"items\":[{\"sku\":\"sku-0\",\"price\":9.99},{\"sku\":\"sku-1\",\"price\":120.00}]},"
                    + "{\"id\":2,\"customer\":null,\"items\":[]},"
                    + "{\"id\":3,\"customer\":{\"name\":null,\"since\":null},\"items\":null}]");
        }
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    private static String render(VectorSchemaRoot root) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = HttpResponses.JSON.createGenerator(out)) {
            json.writeStartArray();
            new RowJsonWriter(root).writeRows(json, root.getRowCount());
            json.writeEndArray();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
