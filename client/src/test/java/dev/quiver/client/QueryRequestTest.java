package dev.quiver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The request JSON the Flight command carries: exact numbers, escaped text, and no silently wrong document. */
class QueryRequestTest {

    private static String variablesJson(Object value) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("v", value);
        String json = QueryRequest.of("{ users { id } }", variables).toJson();
        String prefix = "{\"query\":\"{ users { id } }\",\"variables\":{\"v\":";
        String suffix = "},\"operationName\":null}";
        assertThat(json).startsWith(prefix).endsWith(suffix);
        return json.substring(prefix.length(), json.length() - suffix.length());
    }

    @Test
    void withoutVariablesOrOperationBothAreNull() {
        assertThat(QueryRequest.of("{ users { id } }").toJson())
                .isEqualTo("{\"query\":\"{ users { id } }\",\"variables\":null,\"operationName\":null}");
        assertThat(new QueryRequest("query Q { users { id } }", Map.of("n", 1), "Q").toJson())
                .isEqualTo("{\"query\":\"query Q { users { id } }\",\"variables\":{\"n\":1},\"operationName\":\"Q\"}");
    }

    @Test
    void numbersAreWrittenAsJavaPrintsThem() {
        assertThat(variablesJson(42)).isEqualTo("42");
        assertThat(variablesJson(-7L)).isEqualTo("-7");
        assertThat(variablesJson((short) 3)).isEqualTo("3");
        assertThat(variablesJson((byte) -1)).isEqualTo("-1");
        assertThat(variablesJson(1.5)).isEqualTo("1.5");
        assertThat(variablesJson(0.1f)).isEqualTo("0.1");
        assertThat(variablesJson(1e300)).isEqualTo("1.0E300");
        assertThat(variablesJson(new BigDecimal("12.50"))).isEqualTo("12.50");
        assertThat(variablesJson(new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(variablesJson(new AtomicLong(9))).isEqualTo("9");
    }

    @Test
    void textIsEscapedWhereJsonOrJavaScriptNeedsIt() {
        assertThat(variablesJson("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(variablesJson("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(variablesJson("\u0000\u0001")).isEqualTo("\"\\u0000\\u0001\"");
        assertThat(variablesJson("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(variablesJson("Zoë 😀 日本\u007f")).isEqualTo("\"Zoë 😀 日本\u007f\"");
        assertThat(variablesJson('c')).isEqualTo("\"c\"");
        assertThat(variablesJson(new StringBuilder("sb"))).isEqualTo("\"sb\"");
        assertThat(QueryRequest.of("{ users(name: \"Zoë\") { id } }").toJsonBytes())
                .isEqualTo("{\"query\":\"{ users(name: \\\"Zoë\\\") { id } }\",\"variables\":null,\"operationName\":null}"
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mapsListsAndArraysKeepTheirOrder() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("a", List.of("x", 2, false));
        map.put("n", null);
        map.put("nested", Map.of("k", new int[] {1, 2}));
        assertThat(variablesJson(map)).isEqualTo("{\"z\":1,\"a\":[\"x\",2,false],\"n\":null,\"nested\":{\"k\":[1,2]}}");
        assertThat(variablesJson(new Object[] {"a", null})).isEqualTo("[\"a\",null]");
        assertThat(variablesJson(Arrays.asList(1, null))).isEqualTo("[1,null]");
        assertThat(variablesJson(Map.of(7, "seven"))).isEqualTo("{\"7\":\"seven\"}");
        assertThat(variablesJson(List.of())).isEqualTo("[]");
        assertThat(variablesJson(Map.of())).isEqualTo("{}");
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        assertThatThrownBy(() -> variablesJson(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN").hasMessageContaining("send null or a finite number");
        assertThatThrownBy(() -> variablesJson(Float.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity");
    }

    @Test
    void valuesWithoutAJsonFormAreRefusedByClass() {
        assertThatThrownBy(() -> variablesJson(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object").hasMessageContaining("use String, Number, Boolean");
        Map<String, Object> nullKey = new LinkedHashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> variablesJson(nullKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }
}
