package dev.quiver.cli.format;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.quiver.client.internal.JsonValues;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** JSON Lines: one JSON object per row, keys in column order, {@code \n} after each; NaN and infinities as null. */
final class JsonLinesResultWriter implements ResultWriter {
    private final JsonGenerator json;

    JsonLinesResultWriter(OutputStream out) {
        try {
            this.json = JsonValues.generator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // creating a generator writes nothing
        }
    }

    @Override
    public void start(Schema schema) {
        // JSON Lines has no header
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int row = 0; row < batch.getRowCount(); row++) {
            json.writeStartObject();
            for (FieldVector vector : vectors) {
                json.writeFieldName(vector.getName());
                JsonValues.write(CellValues.value(vector, row), json, JsonValues.NonFinite.AS_NULL);
            }
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    @Override
    public void finish() throws IOException {
        json.flush();
    }
}
