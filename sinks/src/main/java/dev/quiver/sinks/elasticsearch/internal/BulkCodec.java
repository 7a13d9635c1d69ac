package dev.quiver.sinks.elasticsearch.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.sinks.elasticsearch.internal.BulkSender.ItemOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulk API's wire format, written and read with Jackson's streaming API: the request body as NDJSON bytes
 * (an {@code index} action line, then the document's bytes as they are), and the answer as one
 * {@link ItemOutcome} per item. The answer is expected to be filtered with {@link #FILTER_PATH}, which makes it
 * about a tenth of the full one (10,000 items: 250 kB instead of 2.1 MB); nothing else of it is read.
 */
public final class BulkCodec {
    /** The {@code filter_path} to send with the request: only what {@link #readOutcomes} needs. */
    public static final String FILTER_PATH = "errors,items.*.status,items.*.error";
    /** The request body's content type. */
    public static final String CONTENT_TYPE = "application/x-ndjson";

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper();

    private BulkCodec() {
    }

    /** The NDJSON body indexing {@code documents}, in order. */
    public static byte[] body(List<BulkDocument> documents) {
        int size = 0;
        for (BulkDocument document : documents) {
            size += document.json().length + document.index().length() + document.eventId().length() + 40;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator action = JSON.createGenerator(out)) {
            action.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            action.setRootValueSeparator(null); // no space before each action line: NDJSON lines start at the brace
            for (BulkDocument document : documents) {
                action.writeStartObject();
                action.writeObjectFieldStart("index");
                action.writeStringField("_index", document.index());
                action.writeStringField("_id", document.eventId());
                action.writeEndObject();
                action.writeEndObject();
                action.flush();
                out.write('\n');
                out.write(document.json());
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * The outcome of each item of a bulk answer, in order. An item without a status counts as 500, so a
     * malformed answer is retried rather than taken for success.
     *
     * @throws IOException if the answer is not JSON
     */
    public static List<ItemOutcome> readOutcomes(InputStream answer) throws IOException {
        List<ItemOutcome> outcomes = new ArrayList<>();
        try (JsonParser json = JSON.createParser(answer)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a bulk answer must be a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        outcomes.add(readItem(json));
                    }
                } else {
                    json.skipChildren();
                }
            }
        }
        return outcomes;
    }

    /** One item, {@code {"index": {"status": 201, "error": {...}}}}; the parser is on its START_OBJECT. */
    private static ItemOutcome readItem(JsonParser json) throws IOException {
        int status = 500;
        String error = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                json.skipChildren();
                continue;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if ("status".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    status = json.getIntValue();
                } else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
                    error = describe(TREES.readTree(json));
                } else {
                    json.skipChildren();
                }
            }
        }
        return new ItemOutcome(status, error);
    }

    /** {@code type: reason (caused by type: reason)}. */
    private static String describe(JsonNode error) {
        StringBuilder text = new StringBuilder(error.path("type").asText("error")).append(": ")
                .append(error.path("reason").asText(""));
        JsonNode cause = error.path("caused_by");
        if (cause.isObject()) {
            text.append(" (caused by ").append(cause.path("type").asText()).append(": ")
                    .append(cause.path("reason").asText()).append(')');
        }
        return text.toString();
    }
}
