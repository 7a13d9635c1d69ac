package dev.quiver.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private final JsonWriter json = JsonWriter.strict();

    @Test
    void scalars() {
        assertThat(json.write(null)).isEqualTo("null");
        assertThat(json.write(true)).isEqualTo("true");
        assertThat(json.write(false)).isEqualTo("false");
        assertThat(json.write(42)).isEqualTo("42");
        assertThat(json.write(-7L)).isEqualTo("-7");
        assertThat(json.write((short) 3)).isEqualTo("3");
        assertThat(json.write((byte) -1)).isEqualTo("-1");
        assertThat(json.write(1.5)).isEqualTo("1.5");
        assertThat(json.write(2.5f)).isEqualTo("2.5");
        assertThat(json.write(1e300)).isEqualTo("1.0E300");
        assertThat(json.write(new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(json.write(new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(json.write(new AtomicLong(9))).isEqualTo("9");
        assertThat(json.write("plain")).isEqualTo("\"plain\"");
        assertThat(json.write('c')).isEqualTo("\"c\"");
        assertThat(json.write(new StringBuilder("sb"))).isEqualTo("\"sb\"");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(json.write("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(json.write("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(json.write("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
        assertThat(json.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(json.write("Zoë 😀 日本")).isEqualTo("\"Zoë 😀 日本\"");
        assertThat(json.write("\u007f")).isEqualTo("\"\u007f\"");
    }

    @Test
    void mapsListsAndArraysInOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("a", List.of("x", 2, false));
        map.put("n", null);
        map.put("nested", Map.of("k", new int[] {1, 2}));
        assertThat(json.write(map)).isEqualTo("{\"z\":1,\"a\":[\"x\",2,false],\"n\":null,\"nested\":{\"k\":[1,2]}}");
        assertThat(json.write(List.of())).isEqualTo("[]");
        assertThat(json.write(Map.of())).isEqualTo("{}");
        assertThat(json.write(new Object[] {"a", null})).isEqualTo("[\"a\",null]");
        assertThat(json.write(Arrays.asList(1, null))).isEqualTo("[1,null]");
        assertThat(json.write(Map.of(7, "seven"))).isEqualTo("{\"7\":\"seven\"}");
    }

    @Test
    void strictRejectsNonFiniteNumbersAndLenientWritesNull() {
        assertThatThrownBy(() -> json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> json.write(Float.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(JsonWriter.lenient().write(List.of(Double.NaN, Double.NEGATIVE_INFINITY, 1.0)))
                .isEqualTo("[null,null,1.0]");
    }

    @Test
    void rejectsWhatJsonCannotHold() {
        assertThatThrownBy(() -> json.write(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        Map<String, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> json.write(nullKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }

    @Test
    void whatItWritesReadsBack() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "tab\tquote\"back\\slash\u0001 ü 😀");
        value.put("list", List.of(1L, new BigDecimal("2.5"), true));
        value.put("none", null);
        assertThat(JsonReader.parse(json.write(value))).isEqualTo(value);
    }
}
