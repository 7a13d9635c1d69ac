package dev.quiver.sinks.elasticsearch.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * An event as its Elasticsearch document: the event's fields by their contract names, {@code occurred_at} as
 * an ISO-8601 instant with microseconds, and {@code data} re-serialised from the event's JSON as a nested object
 * (compact, so it can go into a bulk request's NDJSON as is).
 */
public final class EventDocuments {
    /** The earliest {@code occurred_at} a {@code date_nanos} field holds. */
    static final Instant EARLIEST = Instant.EPOCH;
    /** The first instant a {@code date_nanos} field no longer holds (2^63 - 1 nanoseconds after the epoch). */
    static final Instant LATEST_EXCLUSIVE = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EventDocuments() {
    }

    /** A document, or why the event cannot be one. */
    public record Encoded(byte[] json, String problem) {
        static Encoded of(byte[] json) {
            return new Encoded(json, null);
        }

        static Encoded refused(String problem) {
            return new Encoded(null, problem);
        }
    }

    /** Why {@code event} cannot be indexed, if its {@code occurred_at} is outside what the mapping holds. */
    public static String outOfRange(ObserverEvent event) {
        Instant at = event.occurredAt();
        if (at.isBefore(EARLIEST) || !at.isBefore(LATEST_EXCLUSIVE)) {
            return "occurred_at " + at + " is outside what the Elasticsearch date_nanos field holds [" + EARLIEST
                    + ", " + LATEST_EXCLUSIVE + ")";
        }
        return null;
    }

    /**
     * The document of {@code event}, or the reason its {@code data} is not a single JSON object: the event's
     * envelope ({@link ObserverEventJson#envelope}), then {@code data}, checked by reading it through once and taken
     * as it is when compact (no whitespace between tokens, what the bridge hands on), else re-written compact token
     * by token. Parsing and re-printing every event's data, and writing the envelope through a generator, were most
     * of the sink's CPU in the bridge's profile.
     */
    public static Encoded encode(ObserverEvent event) {
        byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
        try {
            String problem = checkObject(data);
            if (problem != null) {
                return Encoded.refused(problem);
            }
            byte[] compact = ObserverEventJson.isCompact(data, 0, data.length) ? data : compacted(data);
            byte[] envelope = ObserverEventJson.envelope(event);
            byte[] json = Arrays.copyOf(envelope, envelope.length + compact.length + 1);
            System.arraycopy(compact, 0, json, envelope.length, compact.length);
            json[json.length - 1] = '}';
            return Encoded.of(json);
        } catch (JsonProcessingException e) {
            return Encoded.refused("data is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    /** Why {@code data} is not one JSON object, or {@code null} if it is. */
    private static String checkObject(byte[] data) throws IOException {
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "data must be a JSON object but starts with " + parser.currentToken();
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "data has content after its JSON object";
            }
        }
        return null;
    }

    /** One JSON value, already checked, re-written without whitespace. */
    private static byte[] compacted(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        try (JsonParser value = JSON.createParser(data);
             JsonGenerator copy = JSON.createGenerator(out)) {
            value.nextToken();
            copy.copyCurrentStructure(value);
        }
        return out.toByteArray();
    }
}
