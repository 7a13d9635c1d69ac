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
import java.time.Instant;

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

    /** The document of {@code event}, or the reason its {@code data} is not a single JSON object. */
    public static Encoded encode(ObserverEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.data().length());
        try (JsonGenerator json = JSON.createGenerator(out);
             JsonParser data = JSON.createParser(event.data())) {
            ObserverEventJson.writeEnvelope(json, event);
            if (data.nextToken() != JsonToken.START_OBJECT) {
                return Encoded.refused("data must be a JSON object but starts with " + data.currentToken());
            }
            json.copyCurrentStructure(data);
            if (data.nextToken() != null) {
                return Encoded.refused("data has content after its JSON object");
            }
            json.writeEndObject();
        } catch (JsonProcessingException e) {
            return Encoded.refused("data is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return Encoded.of(out.toByteArray());
    }
}
