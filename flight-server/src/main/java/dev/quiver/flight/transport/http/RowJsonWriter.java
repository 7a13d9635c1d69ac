package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the rows of a {@link VectorSchemaRoot} as JSON objects, one key per column in schema order. The
 * writers are chosen once for the root's vectors, so the root must keep its vectors between batches (as
 * {@code QueryExecutor}'s does).
 */
final class RowJsonWriter {
    private final SerializedString[] names;
    private final ValueWriter[] values;

    RowJsonWriter(VectorSchemaRoot root) {
        List<FieldVector> vectors = root.getFieldVectors();
        this.names = new SerializedString[vectors.size()];
        this.values = new ValueWriter[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            names[i] = new SerializedString(vectors.get(i).getName());
            values[i] = ValueWriter.of(vectors.get(i));
        }
    }

    /** Writes rows {@code 0..rows-1} as consecutive objects (the caller opens and closes the array). */
    void writeRows(JsonGenerator json, int rows) throws IOException {
        for (int row = 0; row < rows; row++) {
            writeRow(json, row);
        }
    }

    /** Writes row {@code row} as one object. */
    void writeRow(JsonGenerator json, int row) throws IOException {
        json.writeStartObject();
        for (int column = 0; column < values.length; column++) {
            json.writeFieldName(names[column]);
            values[column].write(json, row);
        }
        json.writeEndObject();
    }
}
