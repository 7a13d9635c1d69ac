package dev.quiver.sinks.elasticsearch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventDocumentsTest {
    private static final String ID = "0b7e7c55-27a4-4d7c-9a1c-5c0f3f3c1a01";

    private static ObserverEvent event(Instant at, String data) {
        return new ObserverEvent(ID, EventType.CREATED, "Order", "42", at, "u-1", null, data);
    }

    @Test
    void aDocumentHasTheEventFieldsAndDataAsACompactObject() {
        String data = "{\n  \"id\": 42,\n  \"note\": \"two\\nlines\",\n  \"tags\": [\"a\", \"b\"]\n}";

        EventDocuments.Encoded encoded = EventDocuments.encode(event(Instant.parse("2025-03-04T05:06:07.123456Z"), data));

        assertThat(encoded.problem()).isNull();
        assertThat(new String(encoded.json(), StandardCharsets.UTF_8)).isEqualTo("{\"event_id\":\"" + ID + "\","
                + "\"event_type\":\"created\",\"entity_type\":\"Order\",\"entity_id\":\"42\","
                + "\"occurred_at\":\"2025-03-04T05:06:07.123456Z\",\"user_id\":\"u-1\",\"org_id\":null,"
                + "\"data\":{\"id\":42,\"note\":\"two\\nlines\",\"tags\":[\"a\",\"b\"]}}");
    }

    @Test
    void compactDataIsWrittenAsItIsWithItsNumbersAndEscapesUnchanged() {
        String data = "{\"total\":418.470,\"big\":12345678901234567890123,\"e\":1E+2,\"s\":\"a\\u00e9 \\\"q\\\" \\/\"}";

        byte[] json = EventDocuments.encode(event(Instant.EPOCH, data)).json();

        assertThat(new String(json, StandardCharsets.UTF_8)).endsWith(",\"data\":" + data + "}");
    }

    @Test
    void theDocumentHasNoRawNewlinesSoItFitsIntoNdjson() throws Exception {
        byte[] json = EventDocuments.encode(event(Instant.EPOCH, "{\"a\":\n{\"b\":\n1}}")).json();

        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\n");
        assertThat(new ObjectMapper().readTree(json).path("data").path("a").path("b").asInt()).isEqualTo(1);
    }

    @Test
    void dataThatIsNotAnObjectIsRefused() {
        assertThat(EventDocuments.encode(event(Instant.EPOCH, "[1]")).problem())
                .isEqualTo("data must be a JSON object but starts with START_ARRAY");
        assertThat(EventDocuments.encode(event(Instant.EPOCH, "\"text\"")).problem())
                .isEqualTo("data must be a JSON object but starts with VALUE_STRING");
    }

    @Test
    void dataThatIsNotValidJsonIsRefused() {
        assertThat(EventDocuments.encode(event(Instant.EPOCH, "{\"a\":}")).problem()).startsWith("data is not valid JSON: ");
        assertThat(EventDocuments.encode(event(Instant.EPOCH, "{\"a\":1,\"a\":2}")).problem())
                .startsWith("data is not valid JSON: Duplicate field 'a'");
        assertThat(EventDocuments.encode(event(Instant.EPOCH, "{\"a\":1} {}")).problem())
                .isEqualTo("data has content after its JSON object");
    }

    @Test
    void onlyInstantsADateNanosFieldHoldsAreAccepted() {
        assertThat(EventDocuments.outOfRange(event(Instant.EPOCH, "{}"))).isNull();
        assertThat(EventDocuments.outOfRange(event(Instant.parse("2262-04-11T23:47:16Z"), "{}"))).isNull();
        assertThat(EventDocuments.outOfRange(event(Instant.parse("1969-12-31T23:59:59Z"), "{}")))
                .isEqualTo("occurred_at 1969-12-31T23:59:59Z is outside what the Elasticsearch date_nanos field holds"
                        + " [1970-01-01T00:00:00Z, 2262-04-11T23:47:16.854775807Z)");
        assertThat(EventDocuments.outOfRange(event(Instant.parse("2262-04-12T00:00:00Z"), "{}"))).isNotNull();
    }
}
