package dev.quiver.sinks.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON form of an observer event on NATS: one object with the {@link ObserverEventSchema} column names as
 * keys, {@code occurred_at} as an ISO-8601 instant and {@code data} as a JSON object. For example:
 * <pre>
 * {"event_id":"0b6c…","event_type":"created","entity_type":"Order","entity_id":"42",
 *  "occurred_at":"2026-11-22T10:15:30.123456Z","user_id":"u-7","org_id":null,"data":{"id":42,"status":"NEW"}}
 * </pre>
 * Decoding is strict: anything that could not be stored as-is is a {@link PoisonEventException}, including
 * duplicate keys (which value would be meant?) and content after the object.
 */
public final class ObserverEventJson {
    /** Messages over this size are refused (1 MiB). */
    public static final int MAX_EVENT_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> FIELDS = Set.of(ObserverEventSchema.EVENT_ID, ObserverEventSchema.EVENT_TYPE,
            ObserverEventSchema.ENTITY_TYPE, ObserverEventSchema.ENTITY_ID, ObserverEventSchema.OCCURRED_AT,
            ObserverEventSchema.USER_ID, ObserverEventSchema.ORG_ID, ObserverEventSchema.DATA);

    private ObserverEventJson() {
    }

    /** The event as UTF-8 JSON. */
    public static byte[] encode(ObserverEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(ObserverEventSchema.EVENT_ID, event.eventId());
        node.put(ObserverEventSchema.EVENT_TYPE, event.eventType().wireName());
        node.put(ObserverEventSchema.ENTITY_TYPE, event.entityType());
        node.put(ObserverEventSchema.ENTITY_ID, event.entityId());
        node.put(ObserverEventSchema.OCCURRED_AT, event.occurredAt().toString());
        node.put(ObserverEventSchema.USER_ID, event.userId());
        node.put(ObserverEventSchema.ORG_ID, event.orgId());
        try {
            node.set(ObserverEventSchema.DATA, MAPPER.readTree(event.data()));
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.eventId() + " has data that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Decodes one message. */
    public static ObserverEvent decode(byte[] message) throws PoisonEventException {
        if (message == null || message.length == 0) {
            throw new PoisonEventException("empty message");
        }
        if (message.length > MAX_EVENT_BYTES) {
            throw new PoisonEventException("message of " + message.length + " bytes exceeds the limit of "
                    + MAX_EVENT_BYTES + " bytes");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(message);
        } catch (IOException e) {
            throw new PoisonEventException("invalid JSON: " + firstLine(e.getMessage()), e);
        }
        if (node == null || !node.isObject()) {
            throw new PoisonEventException("expected a JSON object but got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new PoisonEventException("unknown field '" + name + "'; an event has " + FIELDS);
            }
        }
        String eventType = text(node, ObserverEventSchema.EVENT_TYPE, true);
        String occurredAt = text(node, ObserverEventSchema.OCCURRED_AT, true);
        JsonNode data = node.get(ObserverEventSchema.DATA);
        if (data == null || data.isNull()) {
            throw new PoisonEventException("missing field 'data'");
        }
        if (!data.isObject()) {
            throw new PoisonEventException("field 'data' must be a JSON object but is "
                    + data.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        try {
            return new ObserverEvent(
                    text(node, ObserverEventSchema.EVENT_ID, true),
                    EventType.fromWireName(eventType),
                    text(node, ObserverEventSchema.ENTITY_TYPE, true),
                    text(node, ObserverEventSchema.ENTITY_ID, true),
                    Instant.parse(occurredAt),
                    text(node, ObserverEventSchema.USER_ID, false),
                    text(node, ObserverEventSchema.ORG_ID, false),
                    data.toString());
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("field 'occurred_at' is not an ISO-8601 instant: '" + occurredAt + "'", e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PoisonEventException(e.getMessage(), e);
        }
    }

    /** Decodes a message given as a string (tests, the command line). */
    public static ObserverEvent decode(String message) throws PoisonEventException {
        return decode(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode node, String name, boolean required) throws PoisonEventException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new PoisonEventException("missing field '" + name + "'");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new PoisonEventException("field '" + name + "' must be a string but is "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.asText();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
