package dev.quiver.flight.subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/** Reads rows off an endless subscription stream as maps (utf8 as String, timestamps as epoch micros). */
final class LiveRows {
    private LiveRows() {
    }

    /** Reads until a row matches {@code last} (included) or the stream ends. */
    static List<Map<String, Object>> readUntil(FlightStream stream, Predicate<Map<String, Object>> last) {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (stream.next()) {
            VectorSchemaRoot root = stream.getRoot();
            for (int row = 0; row < root.getRowCount(); row++) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (FieldVector vector : root.getFieldVectors()) {
                    Object value = vector.getObject(row);
                    values.put(vector.getName(), value instanceof Text ? value.toString() : value);
                }
                rows.add(values);
                if (last.test(values)) {
                    return rows;
                }
            }
        }
        return rows;
    }

    /**
     * Reads exactly {@code count} rows and returns only the text column {@code name}: cheap enough for a thousand
     * readers at once.
     */
    static List<String> readColumn(FlightStream stream, String name, int count) {
        List<String> values = new ArrayList<>(count);
        while (values.size() < count && stream.next()) {
            org.apache.arrow.vector.VarCharVector vector = (org.apache.arrow.vector.VarCharVector) stream.getRoot()
                    .getVector(name);
            for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                values.add(new String(vector.get(row), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (values.size() < count) {
            throw new AssertionError("the stream ended after " + values.size() + " of " + count + " rows");
        }
        return values;
    }

    /** Reads exactly {@code count} rows (fails if the stream ends first). */
    static List<Map<String, Object>> read(FlightStream stream, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int[] seen = {0};
        if (count > 0) {
            rows = readUntil(stream, row -> ++seen[0] >= count);
        }
        if (rows.size() < count) {
            throw new AssertionError("the stream ended after " + rows.size() + " of " + count + " rows");
        }
        return rows;
    }
}
