package dev.quiver.client.fake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The fixed result the fake server answers every query with, shaped like a Quiver result: scalars, a to-one
 * relation as a struct and a to-many relation as a list of structs; three users in two batches (2 + 1 rows).
 * The list's element field is named {@code $data$} because that is the name Arrow Java gives it whatever the
 * schema said, so a Java server sends it that way.
 */
public final class FakeData {
    public static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            Field.nullable("name", ArrowType.Utf8.INSTANCE),
            Field.nullable("age", new ArrowType.Int(32, true)),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("created", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
            new Field("manager", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                    Field.nullable("id", ArrowType.Utf8.INSTANCE),
                    Field.nullable("name", ArrowType.Utf8.INSTANCE))),
            new Field("orders", FieldType.nullable(ArrowType.List.INSTANCE), List.of(
                    new Field(ListVector.DATA_VECTOR_NAME, FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                            Field.nullable("id", ArrowType.Utf8.INSTANCE),
                            Field.nullable("total", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))))))));

    public static final int BATCHES = 2;
    public static final int ROWS = 3;

    /** The answer to every mutation: the changed row, {@link #CHANGED_ID} with {@link #CHANGED_STATUS}. */
    public static final Schema MUTATION_SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            Field.nullable("status", ArrowType.Utf8.INSTANCE)));
    public static final String CHANGED_ID = "o7";
    public static final String CHANGED_STATUS = "shipped";

    private FakeData() {
    }

    /** Fills {@code root} with batch 0 (users u1, u2) or batch 1 (user u3). */
    public static void fill(VectorSchemaRoot root, int batch) {
        root.allocateNew();
        if (batch == 0) {
            row(root, 0, "u1", "Ada Lovelace", 36, 9.5, "2024-05-01T12:00:00Z", new String[] {"u9", "Grace Hopper"},
                    new Object[][] {{"o1", 12.5}, {"o2", 3.0}});
            row(root, 1, "u2", "Lin, \"Bob\"", null, 7.25, "2024-05-02T08:30:00.500Z", null, new Object[0][]);
            root.setRowCount(2);
        } else {
            row(root, 0, "u3", "Zoë\nSmith", 41, null, "2024-05-03T00:00:00Z", new String[] {"u1", "Ada Lovelace"},
                    new Object[][] {{"o3", 100.0}});
            root.setRowCount(1);
        }
    }

    /** Fills {@code root} (of {@link #MUTATION_SCHEMA}) with the changed row. */
    public static void fillChangedRow(VectorSchemaRoot root) {
        root.allocateNew();
        ((VarCharVector) root.getVector("id")).setSafe(0, utf8(CHANGED_ID));
        ((VarCharVector) root.getVector("status")).setSafe(0, utf8(CHANGED_STATUS));
        root.setRowCount(1);
    }

    private static void row(VectorSchemaRoot root, int row, String id, String name, Integer age, Double score,
            String created, String[] manager, Object[][] orders) {
        ((VarCharVector) root.getVector("id")).setSafe(row, utf8(id));
        ((VarCharVector) root.getVector("name")).setSafe(row, utf8(name));
        IntVector ageVector = (IntVector) root.getVector("age");
        if (age == null) {
            ageVector.setNull(row);
        } else {
            ageVector.setSafe(row, age);
        }
        Float8Vector scoreVector = (Float8Vector) root.getVector("score");
        if (score == null) {
            scoreVector.setNull(row);
        } else {
            scoreVector.setSafe(row, score);
        }
        Instant instant = Instant.parse(created);
        ((TimeStampMicroTZVector) root.getVector("created"))
                .setSafe(row, instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);

        StructVector managerVector = (StructVector) root.getVector("manager");
        if (manager == null) {
            managerVector.setNull(row);
        } else {
            ((VarCharVector) managerVector.getChild("id")).setSafe(row, utf8(manager[0]));
            ((VarCharVector) managerVector.getChild("name")).setSafe(row, utf8(manager[1]));
            managerVector.setIndexDefined(row);
        }

        ListVector ordersVector = (ListVector) root.getVector("orders");
        StructVector item = (StructVector) ordersVector.getDataVector();
        int start = ordersVector.startNewValue(row);
        for (int i = 0; i < orders.length; i++) {
            ((VarCharVector) item.getChild("id")).setSafe(start + i, utf8((String) orders[i][0]));
            ((Float8Vector) item.getChild("total")).setSafe(start + i, (Double) orders[i][1]);
            item.setIndexDefined(start + i);
        }
        ordersVector.endValue(row, orders.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
