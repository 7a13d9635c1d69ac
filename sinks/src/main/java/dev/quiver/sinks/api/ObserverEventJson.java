package dev.quiver.sinks.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The JSON form of an observer event on NATS: one object with the {@link ObserverEventSchema} column names as
 * keys, {@code occurred_at} as an ISO-8601 instant and {@code data} as a JSON object. For example:
 * <pre>
 * {"event_id":"0b6c…","event_type":"created","entity_type":"Order","entity_id":"42",
 *  "occurred_at":"2026-11-22T10:15:30.123456Z","user_id":"u-7","org_id":null,"data":{"id":42,"status":"NEW"}}
 * </pre>
 * Decoding is strict: anything that could not be stored as-is is a {@link PoisonEventException}, including
 * duplicate keys (which value would be meant?), content after the object, bytes that are not UTF-8, an unpaired
 * surrogate escape in a field, and an {@code occurred_at} outside what every sink holds
 * ({@link #EARLIEST_OCCURRED_AT}, {@link #LATEST_OCCURRED_AT_EXCLUSIVE}). Such an event is refused once, at the
 * door, instead of reaching a sink that cannot store it (or, past year 294,247, cannot even be put in an Arrow
 * batch: microseconds since the epoch overflow a long).
 */
public final class ObserverEventJson {
    /** Messages over this size are refused (1 MiB, NATS's default max_payload) unless a caller gives a limit. */
    public static final int MAX_EVENT_BYTES = 1 << 20;
    /**
     * The earliest {@code occurred_at} accepted: the epoch, the first instant an Elasticsearch {@code date_nanos}
     * field and a ClickHouse {@code DateTime} (the 18.x table layout) hold.
     */
    public static final Instant EARLIEST_OCCURRED_AT = Instant.EPOCH;
    /**
     * The first {@code occurred_at} refused: 2106-01-01, where the ClickHouse 18.x layout's {@code DateTime('UTC')}
     * (unsigned 32-bit seconds, to 2106-02-07) ends, rounded down to a month so its last partition is whole. Newer
     * ClickHouse ({@code DateTime64(6)}: 1925..2283) and Elasticsearch ({@code date_nanos}: 1970..2262) hold more;
     * one range for every sink keeps an event from being stored in one sink and dead-lettered by another.
     */
    public static final Instant LATEST_OCCURRED_AT_EXCLUSIVE = Instant.parse("2106-01-01T00:00:00Z");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final List<String> FIELD_ORDER = List.of(ObserverEventSchema.EVENT_ID,
            ObserverEventSchema.EVENT_TYPE, ObserverEventSchema.ENTITY_TYPE, ObserverEventSchema.ENTITY_ID,
            ObserverEventSchema.OCCURRED_AT, ObserverEventSchema.USER_ID, ObserverEventSchema.ORG_ID,
            ObserverEventSchema.DATA);
    private static final int DATA_FIELD = FIELD_ORDER.indexOf(ObserverEventSchema.DATA);
    /** {@code "name":} of each field, in {@link #FIELD_ORDER}. */
    private static final byte[][] FIELD_NAMES = FIELD_ORDER.stream()
            .map(name -> ("\"" + name + "\":").getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

    private ObserverEventJson() {
    }

    /** The event as UTF-8 JSON; {@code data} is checked and written compact (by the streaming generator). */
    public static byte[] encode(ObserverEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.data().length());
        out.writeBytes(envelope(event));
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out);
             JsonParser data = MAPPER.createParser(event.data())) {
            if (data.nextToken() == null) {
                throw new IllegalArgumentException("event " + event.eventId() + " has empty data");
            }
            json.copyCurrentStructure(data);
            if (data.nextToken() != null) {
                throw new IllegalArgumentException("event " + event.eventId() + " has data with content after its"
                        + " JSON value");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.eventId() + " has data that is not JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('}');
        return out.toByteArray();
    }

    /**
     * The start of the event's JSON object, as UTF-8: every field but {@code data} by its contract name, then the
     * name {@code data} and its colon; the caller appends the value and the closing brace. Shared with the
     * Elasticsearch document, which is the same object. Strings are escaped by Jackson's encoder.
     */
    public static byte[] envelope(ObserverEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(200 + event.entityType().length()
                + event.entityId().length());
        out.write('{');
        field(out, ObserverEventSchema.EVENT_ID, event.eventId());
        out.write(',');
        field(out, ObserverEventSchema.EVENT_TYPE, event.eventType().wireName());
        out.write(',');
        field(out, ObserverEventSchema.ENTITY_TYPE, event.entityType());
        out.write(',');
        field(out, ObserverEventSchema.ENTITY_ID, event.entityId());
        out.write(',');
        field(out, ObserverEventSchema.OCCURRED_AT, IsoInstant.format(event.occurredAt()));
        out.write(',');
        field(out, ObserverEventSchema.USER_ID, event.userId());
        out.write(',');
        field(out, ObserverEventSchema.ORG_ID, event.orgId());
        out.write(',');
        out.writeBytes(FIELD_NAMES[DATA_FIELD]);
        return out.toByteArray();
    }

    /** {@code "name":"value"} (or {@code "name":null}), the value escaped as JSON. */
    private static void field(ByteArrayOutputStream out, String name, String value) {
        out.writeBytes(FIELD_NAMES[fieldIndex(name)]);
        if (value == null) {
            out.writeBytes(NULL);
        } else {
            out.write('"');
            out.writeBytes(STRINGS.quoteAsUTF8(value));
            out.write('"');
        }
    }

    /**
     * Decodes one message with Jackson's streaming parser (no tree): the fields are read in one pass and
     * {@code data} is validated as it is skipped, then taken as the message's own bytes when they are compact (no
     * whitespace between tokens, what every Quiver producer writes); other producers' {@code data} is re-written
     * compact, token by token. Taking the bytes as they are also keeps numbers exactly as written.
     */
    public static ObserverEvent decode(byte[] message) throws PoisonEventException {
        return decode(message, MAX_EVENT_BYTES);
    }

    /**
     * As {@link #decode(byte[])}, refusing messages over {@code maxBytes} (the bridge's {@code --max-event-bytes})
     * before reading them.
     */
    public static ObserverEvent decode(byte[] message, int maxBytes) throws PoisonEventException {
        return decodeSlices(message, maxBytes).toEvent();
    }

    /**
     * As {@link #decode(byte[], int)}, with the same checks and the same reasons for poison, but the text fields are
     * left as slices of {@code message} ({@link DecodedEvent}) instead of being made strings; {@code message} must not
     * change afterwards.
     */
    public static DecodedEvent decodeSlices(byte[] message, int maxBytes) throws PoisonEventException {
        if (message == null || message.length == 0) {
            throw new PoisonEventException("empty message");
        }
        if (message.length > maxBytes) {
            throw new PoisonEventException("message of " + message.length + " bytes exceeds the limit of "
                    + maxBytes + " bytes (--max-event-bytes)");
        }
        int invalid = Utf8.firstInvalid(message);
        if (invalid >= 0) {
            throw new PoisonEventException("invalid UTF-8 at byte " + invalid + " (0x"
                    + String.format("%02X", message[invalid] & 0xFF) + "); events must be UTF-8 JSON");
        }
        Fields fields = new Fields(message);
        try (JsonParser json = MAPPER.createParser(message)) {
            JsonToken first = json.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new PoisonEventException("expected a JSON object but got " + (first == null ? "nothing"
                        : typeName(first)));
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                int field = fieldIndex(name);
                if (field < 0) {
                    throw new PoisonEventException("unknown field '" + name + "'; an event has " + FIELD_ORDER);
                }
                fields.read(field, json);
            }
            if (json.nextToken() != null) {
                throw new PoisonEventException("invalid JSON: content after the event's object");
            }
        } catch (IOException e) {
            throw new PoisonEventException("invalid JSON: " + firstLine(e.getMessage()), e);
        }
        return fields.decoded();
    }

    /** The position of {@code name} in {@link #FIELD_ORDER}, or -1 (a switch: this runs for every field read). */
    private static int fieldIndex(String name) {
        return switch (name) {
            case ObserverEventSchema.EVENT_ID -> 0;
            case ObserverEventSchema.EVENT_TYPE -> 1;
            case ObserverEventSchema.ENTITY_TYPE -> 2;
            case ObserverEventSchema.ENTITY_ID -> 3;
            case ObserverEventSchema.OCCURRED_AT -> 4;
            case ObserverEventSchema.USER_ID -> 5;
            case ObserverEventSchema.ORG_ID -> 6;
            case ObserverEventSchema.DATA -> 7;
            default -> -1;
        };
    }

    /** Decodes a message given as a string (tests, the command line). */
    public static ObserverEvent decode(String message) throws PoisonEventException {
        return decode(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String typeName(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The fields of one message as read, checked in {@link #decoded()} in the order a reader expects. A string
     * written without escapes is kept as its place in the message (its bytes are the value: the message is valid
     * UTF-8); one with escapes is read by Jackson into a string.
     */
    private static final class Fields {
        private final byte[] message;
        /** A field read into a string (escaped strings, data re-written compact), else null. */
        private final String[] text = new String[FIELD_ORDER.size()];
        /** Where a field's value is in the message (when not in {@link #text}); -1 if it was not given or null. */
        private final int[] start = {-1, -1, -1, -1, -1, -1, -1, -1};
        private final int[] length = new int[FIELD_ORDER.size()];
        /** The JSON type of a field that is neither a string nor null (for data: neither an object nor null). */
        private final String[] wrongType = new String[FIELD_ORDER.size()];

        Fields(byte[] message) {
            this.message = message;
        }

        void read(int field, JsonParser json) throws IOException {
            JsonToken token = json.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                return;
            }
            if (field == DATA_FIELD) {
                if (token == JsonToken.START_OBJECT) {
                    int begin = (int) json.currentTokenLocation().getByteOffset();
                    json.skipChildren();
                    int end = (int) json.currentTokenLocation().getByteOffset() + 1;
                    if (isCompact(message, begin, end)) {
                        start[field] = begin;
                        length[field] = end - begin;
                    } else {
                        text[field] = compacted(message, begin, end);
                    }
                    return;
                }
            } else if (token == JsonToken.VALUE_STRING) {
                int quote = (int) json.currentTokenLocation().getByteOffset();
                int close = unescapedEnd(message, quote + 1);
                if (message[quote] == '"' && close >= 0) {
                    start[field] = quote + 1;
                    length[field] = close - quote - 1;
                } else {
                    text[field] = json.getText();
                }
                return;
            }
            wrongType[field] = typeName(token);
            json.skipChildren();
        }

        DecodedEvent decoded() throws PoisonEventException {
            String eventType = value(ObserverEventSchema.EVENT_TYPE, true);
            String occurredAt = value(ObserverEventSchema.OCCURRED_AT, true);
            if (!given(DATA_FIELD) && wrongType[DATA_FIELD] == null) {
                throw new PoisonEventException("missing field 'data'");
            }
            if (wrongType[DATA_FIELD] != null) {
                throw new PoisonEventException("field 'data' must be a JSON object but is " + wrongType[DATA_FIELD]);
            }
            Instant at;
            try {
                at = IsoInstant.parse(occurredAt);
            } catch (DateTimeParseException e) {
                throw new PoisonEventException("field 'occurred_at' is not an ISO-8601 instant: '" + occurredAt + "'",
                        e);
            }
            if (at.isBefore(EARLIEST_OCCURRED_AT) || !at.isBefore(LATEST_OCCURRED_AT_EXCLUSIVE)) {
                throw new PoisonEventException("occurred_at " + at + " is outside [" + EARLIEST_OCCURRED_AT + ", "
                        + LATEST_OCCURRED_AT_EXCLUSIVE + "), the range every sink can store");
            }
            String eventId = value(ObserverEventSchema.EVENT_ID, true);
            EventType type;
            try {
                type = EventType.fromWireName(eventType);
            } catch (IllegalArgumentException e) {
                throw new PoisonEventException(e.getMessage(), e);
            }
            byte[][] sources = new byte[DecodedEvent.SLOTS][];
            int[] offsets = new int[DecodedEvent.SLOTS];
            int[] lengths = new int[DecodedEvent.SLOTS];
            slot(ObserverEventSchema.ENTITY_TYPE, true, DecodedEvent.ENTITY_TYPE, sources, offsets, lengths);
            slot(ObserverEventSchema.ENTITY_ID, true, DecodedEvent.ENTITY_ID, sources, offsets, lengths);
            slot(ObserverEventSchema.USER_ID, false, DecodedEvent.USER_ID, sources, offsets, lengths);
            slot(ObserverEventSchema.ORG_ID, false, DecodedEvent.ORG_ID, sources, offsets, lengths);
            slot(ObserverEventSchema.DATA, true, DecodedEvent.DATA, sources, offsets, lengths);
            // the checks of ObserverEvent's constructor, in its order and with its words
            try {
                UUID.fromString(eventId);
            } catch (IllegalArgumentException e) {
                throw new PoisonEventException("eventId must be a UUID but was '" + eventId + "'", e);
            }
            requireText("entityType", sources, offsets, lengths, DecodedEvent.ENTITY_TYPE);
            requireText("entityId", sources, offsets, lengths, DecodedEvent.ENTITY_ID);
            requireText("data", sources, offsets, lengths, DecodedEvent.DATA);
            long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
            return new DecodedEvent(eventId, type, micros, sources, offsets, lengths);
        }

        private boolean given(int field) {
            return text[field] != null || start[field] >= 0;
        }

        /** A field as a string (the id, type and time, which are needed as values). */
        private String value(String name, boolean required) throws PoisonEventException {
            int field = check(name, required);
            if (text[field] != null) {
                return text[field];
            }
            return start[field] < 0 ? null : new String(message, start[field], length[field], StandardCharsets.UTF_8);
        }

        /** Puts a field's bytes into {@code slot}: a slice of the message, or its string's UTF-8 bytes. */
        private void slot(String name, boolean required, int slot, byte[][] sources, int[] offsets, int[] lengths)
                throws PoisonEventException {
            int field = check(name, required);
            if (text[field] != null) {
                byte[] bytes = text[field].getBytes(StandardCharsets.UTF_8);
                sources[slot] = bytes;
                lengths[slot] = bytes.length;
            } else if (start[field] >= 0) {
                sources[slot] = message;
                offsets[slot] = start[field];
                lengths[slot] = length[field];
            }
        }

        /** The field's position, after checking its type, presence and (for strings read with escapes) its text. */
        private int check(String name, boolean required) throws PoisonEventException {
            int field = fieldIndex(name);
            if (wrongType[field] != null) {
                throw new PoisonEventException("field '" + name + "' must be a string but is " + wrongType[field]);
            }
            if (!given(field) && required) {
                throw new PoisonEventException("missing field '" + name + "'");
            }
            if (text[field] != null && hasUnpairedSurrogate(text[field])) {
                throw new PoisonEventException("field '" + name + "' holds an unpaired surrogate (a \\uD800-\\uDFFF"
                        + " escape without its pair), which is not text");
            }
            return field;
        }

        /** As {@code ObserverEvent}'s check: the field must not be blank (empty or only whitespace). */
        private static void requireText(String name, byte[][] sources, int[] offsets, int[] lengths, int slot)
                throws PoisonEventException {
            byte[] source = sources[slot];
            if (source == null) {
                throw new PoisonEventException(name);
            }
            for (int i = offsets[slot]; i < offsets[slot] + lengths[slot]; i++) {
                byte b = source[i];
                if (b < 0) { // not ASCII: let String decide what is whitespace
                    if (new String(source, offsets[slot], lengths[slot], StandardCharsets.UTF_8).isBlank()) {
                        break;
                    }
                    return;
                }
                if (!Character.isWhitespace(b)) {
                    return;
                }
            }
            throw new PoisonEventException(name + " must not be blank");
        }
    }

    /**
     * The position of the quote that ends the string starting at {@code from} (just after its opening quote), or -1
     * if the string has an escape before it (or does not end).
     */
    private static int unescapedEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                return -1;
            }
        }
        return -1;
    }

    /** Whether {@code text} has a UTF-16 surrogate that is not part of a high-low pair. */
    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code bytes[start, end)}, one valid JSON value, has no whitespace outside its strings. */
    public static boolean isCompact(byte[] bytes, int start, int end) {
        boolean inString = false;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                return false;
            }
        }
        return true;
    }

    /** One JSON value, already validated, re-written without whitespace. */
    private static String compacted(byte[] bytes, int start, int end) throws IOException {
        StringWriter data = new StringWriter(end - start);
        try (JsonParser value = MAPPER.createParser(bytes, start, end - start);
             JsonGenerator copy = MAPPER.getFactory().createGenerator(data)) {
            value.nextToken();
            copy.copyCurrentStructure(value);
        }
        return data.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
