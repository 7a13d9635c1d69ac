package dev.quiver.flight.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.util.Text;

/**
 * Arrow batches as plain Java values for comparisons: a row is a map of result key to value; structs are maps
 * with every child key (null children included), lists are lists, utf8 is a String, and everything else is what
 * the vector's {@code getObject} returns (Long micros for timestamps, Integer days for dates, BigDecimal, ...).
 */
public final class ArrowRows {
    private ArrowRows() {
    }

    public static List<Map<String, Object>> of(VectorSchemaRoot root) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int row = 0; row < root.getRowCount(); row++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (FieldVector vector : root.getFieldVectors()) {
                values.put(vector.getName(), value(vector, row));
            }
            rows.add(values);
        }
        return rows;
    }

    public static Object value(ValueVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        if (vector instanceof StructVector) {
            StructVector struct = (StructVector) vector;
            Map<String, Object> values = new LinkedHashMap<>();
            for (String child : struct.getChildFieldNames()) {
                values.put(child, value(struct.getChild(child), index));
            }
            return values;
        }
        if (vector instanceof ListVector) {
            ListVector list = (ListVector) vector;
            List<Object> values = new ArrayList<>();
            for (int i = list.getElementStartIndex(index); i < list.getElementEndIndex(index); i++) {
                values.add(value(list.getDataVector(), i));
            }
            return values;
        }
        Object value = vector.getObject(index);
        return value instanceof Text ? value.toString() : value;
    }
}
