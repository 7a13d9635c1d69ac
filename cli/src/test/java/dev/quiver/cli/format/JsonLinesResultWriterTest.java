package dev.quiver.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLinesResultWriterTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void oneObjectPerLineWithNonFiniteNumbersAsNullAndTextEscaped() throws IOException {
        try (Float8Vector score = new Float8Vector("score", allocator);
                VarCharVector name = new VarCharVector("na\"me", allocator)) {
            double[] scores = {Double.NaN, Double.NEGATIVE_INFINITY, 1.0};
            String[] names = {"a\u2028b", "tab\tquote\"", "Zoë\u0001"};
            for (int i = 0; i < 3; i++) {
                score.setSafe(i, scores[i]);
                name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (VectorSchemaRoot root = new VectorSchemaRoot(List.<FieldVector>of(score, name))) {
                root.setRowCount(3);
                ResultWriter writer = new JsonLinesResultWriter(out);
                writer.start(root.getSchema());
                writer.write(root);
                writer.write(root);
                writer.finish();
            }
            String batch = """
                    {"score":null,"na\\"me":"a\\u2028b"}
                    {"score":null,"na\\"me":"tab\\tquote\\""}
                    {"score":1.0,"na\\"me":"Zoë\\u0001"}
                    """;
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(batch + batch);
        }
    }
}
