package dev.quiver.client.internal;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * A small JSON encoder for the values a GraphQL request or a result row holds: {@code null}, {@link CharSequence},
 * {@link Character}, {@link Boolean}, {@link Number}, {@link Map} (keys written with {@code toString()}),
 * {@link Collection} and arrays. Anything else is rejected with an {@link IllegalArgumentException} naming its class,
 * so a caller never gets a silently wrong document.
 *
 * <p>Non-finite floating point numbers have no JSON form: {@link #strict()} rejects them (request variables),
 * {@link #lenient()} writes {@code null} (result rows).
 */
public final class JsonWriter {
    private static final JsonWriter STRICT = new JsonWriter(false);
    private static final JsonWriter LENIENT = new JsonWriter(true);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final boolean nonFiniteAsNull;

    private JsonWriter(boolean nonFiniteAsNull) {
        this.nonFiniteAsNull = nonFiniteAsNull;
    }

    /** Rejects NaN and infinities. */
    public static JsonWriter strict() {
        return STRICT;
    }

    /** Writes NaN and infinities as {@code null}. */
    public static JsonWriter lenient() {
        return LENIENT;
    }

    public String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    public void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character) {
            writeString(value.toString(), out);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number number) {
            writeNumber(number, out);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, out);
        } else if (value instanceof Collection<?> collection) {
            writeArray(collection, out);
        } else if (value.getClass().isArray()) {
            writeArray(value, out);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
                    + " as JSON; use String, Number, Boolean, null, Map or List");
        }
    }

    /** Appends {@code value} as a quoted JSON string with every character that needs it escaped. */
    public static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // control characters must be escaped; U+2028/U+2029 are legal JSON but break JavaScript
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void writeNumber(Number number, StringBuilder out) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isFinite(d)) {
                out.append(number);
            } else if (nonFiniteAsNull) {
                out.append("null");
            } else {
                throw new IllegalArgumentException("JSON has no form for " + number + "; send null or a finite number");
            }
        } else if (number instanceof BigDecimal decimal) {
            out.append(decimal.toString());
        } else if (number instanceof BigInteger || number instanceof Long || number instanceof Integer
                || number instanceof Short || number instanceof Byte) {
            out.append(number);
        } else {
            // AtomicLong, LongAdder and friends: their text is a plain integer or decimal
            BigDecimal decimal;
            try {
                decimal = new BigDecimal(number.toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cannot write the " + number.getClass().getName()
                        + " '" + number + "' as a JSON number", e);
            }
            out.append(decimal.toString());
        }
    }

    private void writeObject(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() == null) {
                throw new IllegalArgumentException("a JSON object key cannot be null");
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(entry.getKey().toString(), out);
            out.append(':');
            write(entry.getValue(), out);
        }
        out.append('}');
    }

    private void writeArray(Collection<?> values, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object value : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(value, out);
        }
        out.append(']');
    }

    private void writeArray(Object array, StringBuilder out) {
        out.append('[');
        int length = Array.getLength(array);
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(',');
            }
            write(Array.get(array, i), out);
        }
        out.append(']');
    }
}
