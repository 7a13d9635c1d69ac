package dev.quiver.sinks.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.sinks.elasticsearch.internal.BulkSender.ItemOutcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkCodecTest {

    private static BulkDocument document(int row, String id, String json) {
        return new BulkDocument(row, id, "quiver-events-2025.03", json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ItemOutcome> read(String answer) throws IOException {
        return BulkCodec.readOutcomes(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theBodyIsAnActionLineAndTheDocumentBytesAsTheyArePerDocument() {
        byte[] body = BulkCodec.body(List.of(document(0, "a", "{\"x\":1}"), document(1, "b\"q", "{\"y\":\"é\"}")));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(
                "{\"index\":{\"_index\":\"quiver-events-2025.03\",\"_id\":\"a\"}}\n{\"x\":1}\n"
                        + "{\"index\":{\"_index\":\"quiver-events-2025.03\",\"_id\":\"b\\\"q\"}}\n{\"y\":\"é\"}\n");
    }

    @Test
    void outcomesFollowTheItemsInOrderWithTheirErrors() throws IOException {
        List<ItemOutcome> outcomes = read("{\"errors\":true,\"items\":["
                + "{\"index\":{\"status\":201}},"
                + "{\"index\":{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\",\"reason\":\"bad\","
                + "\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\"not a date\"}}}},"
                + "{\"index\":{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"queue full\"},"
                + "\"status\":429}}]}");

        assertThat(outcomes).containsExactly(
                new ItemOutcome(201, null),
                new ItemOutcome(400, "document_parsing_exception: bad (caused by illegal_argument_exception: not a date)"),
                new ItemOutcome(429, "es_rejected_execution_exception: queue full"));
    }

    @Test
    void anItemWithoutAStatusCountsAsAServerError() throws IOException {
        assertThat(read("{\"items\":[{\"index\":{}}]}")).containsExactly(new ItemOutcome(500, null));
    }

    @Test
    void anAnswerWithoutItemsHasNoOutcomes() throws IOException {
        assertThat(read("{\"errors\":false}")).isEmpty();
    }

    @Test
    void anAnswerThatIsNotAnObjectIsAnError() {
        assertThatThrownBy(() -> read("[]")).isInstanceOf(IOException.class).hasMessageContaining("JSON object");
    }
}
