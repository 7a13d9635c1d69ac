package dev.quiver.client.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonpCharacterEscapes;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values to and from JSON with Jackson, for what a person types after {@code --vars}, the server's health
 * answer, the request JSON and result rows.
 *
 * <p>Reading is strict: a duplicate key is refused, not silently overwritten; numbers with a fraction or exponent are
 * {@link BigDecimal}s so they are sent on exactly as written; objects keep their order; nesting stops at
 * {@value #MAX_DEPTH} levels. Writing knows {@code null}, {@link CharSequence}, {@link Character}, {@link Boolean},
 * {@link Number}, {@link Map} (keys written with {@code toString()}), {@link Collection} and arrays, and refuses
 * anything else by class, so a caller never gets a silently wrong document. U+2028 and U+2029 are escaped.
 */
public final class JsonValues {
    static final int MAX_DEPTH = 256;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .characterEscapes(JsonpCharacterEscapes.instance())
            .rootValueSeparator((String) null)
            .build();
    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What to write for NaN and infinities, which have no JSON form. */
    public enum NonFinite {
        /** Refuse them with an {@link IllegalArgumentException} (request variables). */
        REFUSE,
        /** Write {@code null} (result rows). */
        AS_NULL
    }

    private JsonValues() {
    }

    /**
     * Parses one JSON object; the literal {@code null} gives an empty map. Integers become {@link Integer},
     * {@link Long} or {@link BigInteger} (the smallest that holds them), other numbers {@link BigDecimal}.
     *
     * @throws JsonProcessingException when the text is not JSON or not an object; {@link #describe} says where
     */
    public static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        Object value = MAPPER.readValue(text, Object.class);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw MismatchedInputException.from((JsonParser) null, Map.class,
                    "expected a JSON object such as {\"limit\": 5}, got " + describeType(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    /** A parse error for a person: what was wrong, then the line and column, with a hint for single quotes. */
    public static String describe(JsonProcessingException e, String text) {
        // Jackson adds "(start marker at [Source: ...; line: L, column: C])" to some messages
        String message = e.getOriginalMessage().replaceAll(" \\(start marker at \\[Source: [^\\]]*\\]\\)", "");
        JsonLocation where = e.getLocation();
        if (where == null || where.getLineNr() < 1 || where.getColumnNr() < 1) {
            return message;
        }
        long offset = where.getCharOffset();
        if (offset >= 0 && offset < text.length() && text.charAt((int) offset) == '\'') {
            message += " (JSON strings and keys take double quotes)";
        }
        return message + " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    /** {@code value} as JSON text. */
    public static String write(Object value, NonFinite nonFinite) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(value, json, nonFinite);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** A UTF-8 generator on {@code out} that writes root values back to back and never closes {@code out}. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /** Writes {@code value} with {@code json}. */
    public static void write(Object value, JsonGenerator json, NonFinite nonFinite) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof CharSequence || value instanceof Character) {
            json.writeString(value.toString());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Number number) {
            writeNumber(number, json, nonFinite);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey() == null) {
                    throw new IllegalArgumentException("a JSON object key cannot be null");
                }
                json.writeFieldName(entry.getKey().toString());
                write(entry.getValue(), json, nonFinite);
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> collection) {
            json.writeStartArray();
            for (Object item : collection) {
                write(item, json, nonFinite);
            }
            json.writeEndArray();
        } else if (value.getClass().isArray()) {
            json.writeStartArray();
            for (int i = 0; i < Array.getLength(value); i++) {
                write(Array.get(value, i), json, nonFinite);
            }
            json.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
                    + " as JSON; use String, Number, Boolean, null, Map or List");
        }
    }

    private static void writeNumber(Number number, JsonGenerator json, NonFinite nonFinite) throws IOException {
        if (number instanceof Double || number instanceof Float) {
            if (Double.isFinite(number.doubleValue())) {
                if (number instanceof Float f) {
                    json.writeNumber(f); // Float.toString: 0.1f is 0.1, not 0.10000000149011612
                } else {
                    json.writeNumber(number.doubleValue());
                }
            } else if (nonFinite == NonFinite.AS_NULL) {
                json.writeNull();
            } else {
                throw new IllegalArgumentException("JSON has no form for " + number + "; send null or a finite number");
            }
        } else if (number instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (number instanceof BigInteger integer) {
            json.writeNumber(integer);
        } else if (number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte) {
            json.writeNumber(number.longValue());
        } else {
            // AtomicLong, LongAdder and friends: their text is a plain integer or decimal
            try {
                json.writeNumber(new BigDecimal(number.toString()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot write the " + number.getClass().getName()
                        + " '" + number + "' as a JSON number", e);
            }
        }
    }

    private static String describeType(Object value) {
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return "a boolean";
    }
}
