package dev.quiver.cli.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * RFC 4180 CSV: a header row of column names, CRLF after every record, a field quoted when it holds a comma,
 * a double quote, CR or LF (quotes doubled inside). Null is an empty field; structs and lists are JSON text.
 */
final class CsvResultWriter implements ResultWriter {
    private final Writer out;

    CsvResultWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    @Override
    public void start(Schema schema) throws IOException {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            writeField(fields.get(i).getName());
        }
        out.write("\r\n");
    }

    @Override
    public void write(VectorSchemaRoot batch) throws IOException {
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int row = 0; row < batch.getRowCount(); row++) {
            for (int col = 0; col < vectors.size(); col++) {
                if (col > 0) {
                    out.write(',');
                }
                String text = CellValues.text(vectors.get(col), row);
                if (text != null) {
                    writeField(text);
                }
            }
            out.write("\r\n");
        }
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    private void writeField(String text) throws IOException {
        if (needsQuotes(text)) {
            out.write('"');
            out.write(text.replace("\"", "\"\""));
            out.write('"');
        } else {
            out.write(text);
        }
    }

    private static boolean needsQuotes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
