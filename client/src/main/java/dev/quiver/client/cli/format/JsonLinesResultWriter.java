package dev.quiver.client.cli.format;

import dev.quiver.client.internal.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** JSON Lines: one JSON object per row, keys in column order, {@code \n} after each; NaN and infinities as null. */
final class JsonLinesResultWriter implements ResultWriter {
    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    JsonLinesResultWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    @Override
    public void start(Schema schema) {
        // JSON Lines has no header
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int row = 0; row < batch.getRowCount(); row++) {
            line.setLength(0);
            line.append('{');
            for (int col = 0; col < vectors.size(); col++) {
                FieldVector vector = vectors.get(col);
                if (col > 0) {
                    line.append(',');
                }
                JsonWriter.writeString(vector.getName(), line);
                line.append(':');
                JsonWriter.lenient().write(CellValues.value(vector, row), line);
            }
            line.append("}\n");
            out.write(line.toString());
        }
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
