package dev.quiver.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reading rules the client relies on (Jackson does the parsing; these pin how it is configured). */
class JsonValuesTest {

    @Test
    void numbersKeepEveryDigitAndObjectsTheirOrder() throws JsonProcessingException {
        Map<String, Object> map = JsonValues.parseObject(
                "{\"b\": [1, \"x\", null, {}], \"int\": 9223372036854775807, \"big\": 9223372036854775808,"
                        + " \"dec\": 1.50, \"exp\": -2e-3, \"a\": {\"c\": []}}");
        assertThat(map.keySet()).containsExactly("b", "int", "big", "dec", "exp", "a");
        assertThat(map.get("b")).isEqualTo(Arrays.asList(1, "x", null, Map.of()));
        assertThat(map.get("int")).isEqualTo(Long.MAX_VALUE);
        assertThat(map.get("big")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(map.get("dec")).isEqualTo(new BigDecimal("1.50"));
        assertThat(map.get("exp")).isEqualTo(new BigDecimal("-2e-3"));
        assertThat(map.get("a")).isEqualTo(Map.of("c", List.of()));
    }

    @Test
    void theLiteralNullIsNoVariables() throws JsonProcessingException {
        assertThat(JsonValues.parseObject("null")).isEmpty();
    }

    @Test
    void anythingButAnObjectIsRefusedByType() {
        assertThatThrownBy(() -> JsonValues.parseObject("5")).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("expected a JSON object such as {\"limit\": 5}, got a number");
        assertThatThrownBy(() -> JsonValues.parseObject("\"x\"")).hasMessageContaining("got a string");
        assertThatThrownBy(() -> JsonValues.parseObject("true")).hasMessageContaining("got a boolean");
    }

    @Test
    void describeCountsLinesAndLeavesOutJacksonsSourceNote() {
        String text = "{\n  \"a\": tru\n}";
        assertThatThrownBy(() -> JsonValues.parseObject(text)).isInstanceOfSatisfying(JsonProcessingException.class,
                e -> assertThat(JsonValues.describe(e, text)).isEqualTo("Unrecognized token 'tru': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 2, column 8"));
        String empty = "  ";
        assertThatThrownBy(() -> JsonValues.parseObject(empty)).isInstanceOfSatisfying(JsonProcessingException.class,
                e -> assertThat(JsonValues.describe(e, empty)).startsWith("No content to map due to end-of-input"));
    }

    @Test
    void writtenValuesReadBack() throws JsonProcessingException {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("s", "tab\tquote\"back\\slash\u0001 ü 😀\u2028");
        value.put("list", List.of(1, new BigDecimal("2.5"), true));
        value.put("none", null);
        assertThat(JsonValues.parseObject(JsonValues.write(value, JsonValues.NonFinite.REFUSE))).isEqualTo(value);
    }
}
