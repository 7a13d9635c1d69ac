package dev.quiver.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void scalars() {
        assertThat(JsonReader.parse("null")).isNull();
        assertThat(JsonReader.parse(" true ")).isEqualTo(true);
        assertThat(JsonReader.parse("false")).isEqualTo(false);
        assertThat(JsonReader.parse("0")).isEqualTo(0L);
        assertThat(JsonReader.parse("-12")).isEqualTo(-12L);
        assertThat(JsonReader.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(JsonReader.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(JsonReader.parse("1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(JsonReader.parse("-2e-3")).isEqualTo(new BigDecimal("-2e-3"));
        assertThat(JsonReader.parse("1E+2")).isEqualTo(new BigDecimal("1E+2"));
        assertThat(JsonReader.parse("\"hi\"")).isEqualTo("hi");
    }

    @Test
    void stringEscapes() {
        assertThat(JsonReader.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"")).isEqualTo("a\"b\\c/d\b\f\n\r\t");
        assertThat(JsonReader.parse("\"\\u00e9\\u00E9\"")).isEqualTo("éé");
        assertThat(JsonReader.parse("\"\\ud83d\\ude00\"")).isEqualTo("😀");
        assertThat(JsonReader.parse("\"Zoë 😀\"")).isEqualTo("Zoë 😀");
    }

    @Test
    void objectsAndArraysKeepOrder() {
        Object value = JsonReader.parse("{\"b\": [1, \"x\", null, {}], \"a\": {\"c\": []}}");
        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("b", "a");
        assertThat(map.get("b")).isEqualTo(Arrays.asList(1L, "x", null, Map.of()));
        assertThat(map.get("a")).isEqualTo(Map.of("c", List.of()));
    }

    @Test
    void parseObjectAcceptsNullAsNoVariables() {
        assertThat(JsonReader.parseObject("null")).isEmpty();
        assertThat(JsonReader.parseObject("{\"limit\": 5}")).containsEntry("limit", 5L);
    }

    @Test
    void parseObjectRejectsOtherValues() {
        assertThatThrownBy(() -> JsonReader.parseObject("[1]")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("expected a JSON object").hasMessageContaining("an array");
        assertThatThrownBy(() -> JsonReader.parseObject("5")).hasMessageContaining("a number");
    }

    @Test
    void unterminatedObject() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1")).isInstanceOf(JsonParseException.class)
                .hasMessage("unexpected end of input; expected ',' or '}' at line 1, column 8");
    }

    @Test
    void singleQuotes() {
        assertThatThrownBy(() -> JsonReader.parse("{'a': 1}"))
                .hasMessage("unexpected single quote (JSON strings and keys take double quotes);"
                        + " expected a quoted object key at line 1, column 2");
    }

    @Test
    void singleQuotedValue() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 'x'}"))
                .hasMessageContaining("JSON strings and keys take double quotes");
    }

    @Test
    void missingColon() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}"))
                .hasMessage("unexpected '1'; expected ':' at line 1, column 6");
    }

    @Test
    void trailingComma() {
        assertThatThrownBy(() -> JsonReader.parse("[1,]")).hasMessageContaining("expected a value");
    }

    @Test
    void trailingContent() {
        assertThatThrownBy(() -> JsonReader.parse("{} x")).hasMessage("unexpected 'x' after the JSON value at line 1, column 4");
    }

    @Test
    void lineAndColumnCountLines() {
        assertThatThrownBy(() -> JsonReader.parse("{\n  \"a\": tru\n}")).hasMessageEndingWith("at line 2, column 8");
    }

    @Test
    void duplicateKey() {
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("duplicate key \"a\"");
    }

    @Test
    void leadingZero() {
        assertThatThrownBy(() -> JsonReader.parse("01")).hasMessageContaining("leading zeros");
    }

    @Test
    void bareDecimalPoint() {
        assertThatThrownBy(() -> JsonReader.parse("1.")).hasMessageContaining("after the decimal point");
    }

    @Test
    void badExponent() {
        assertThatThrownBy(() -> JsonReader.parse("1e")).hasMessageContaining("exponent");
    }

    @Test
    void bareMinus() {
        assertThatThrownBy(() -> JsonReader.parse("-")).hasMessageContaining("expected a digit");
    }

    @Test
    void rawNewlineInString() {
        assertThatThrownBy(() -> JsonReader.parse("\"a\nb\"")).hasMessageContaining("must be escaped");
    }

    @Test
    void invalidEscape() {
        assertThatThrownBy(() -> JsonReader.parse("\"\\x\"")).hasMessageContaining("invalid escape \\x");
    }

    @Test
    void shortUnicodeEscape() {
        assertThatThrownBy(() -> JsonReader.parse("\"\\u12\"")).hasMessageContaining("four hex digits");
    }

    @Test
    void unterminatedString() {
        assertThatThrownBy(() -> JsonReader.parse("\"abc")).hasMessageContaining("unterminated string");
    }

    @Test
    void emptyInput() {
        assertThatThrownBy(() -> JsonReader.parse("  ")).hasMessageContaining("unexpected end of input");
    }

    @Test
    void misspelledLiteral() {
        assertThatThrownBy(() -> JsonReader.parse("nul")).hasMessageContaining("unexpected 'nul'");
    }

    @Test
    void tooDeep() {
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(300) + "]".repeat(300)))
                .hasMessageContaining("nested deeper than 256");
    }
}
