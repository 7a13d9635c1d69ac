package dev.quiver.flight.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A GraphQL request as sent over Flight (command or ticket bytes) and HTTP: UTF-8 JSON
 * {@code {"query": "...", "variables": {...}, "operationName": "..."}}.
 */
public record GraphQLRequest(String query, Map<String, Object> variables, String operationName) {
    private static final ObjectMapper JSON = exactJson();

    public GraphQLRequest {
        Objects.requireNonNull(query, "query");
        variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /**
     * A mapper that reads a JSON number with a fraction or exponent as a {@link java.math.BigDecimal}, every digit
     * and the scale kept: a {@code Decimal} variable of 38 digits must reach its column as sent (a double keeps
     * about 17). GraphQL's Float and Int coercions take any number, so they are unaffected.
     */
    public static ObjectMapper exactJson() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    public static GraphQLRequest of(String query) {
        return new GraphQLRequest(query, Map.of(), null);
    }

    /** Reads request bytes as JSON (numbers exact, see {@link #exactJson}), without checking what they hold. */
    public static JsonNode readJson(byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            return root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root;
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("the request is not JSON; send {\"query\": \"{ ... }\", \"variables\": {...}}"
                    + " as UTF-8 (" + firstLine(e.getMessage()) + ")");
        }
    }

    /** The request a decoded JSON value holds; anything else is an {@link InvalidRequestException}. */
    public static GraphQLRequest of(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("the request must be a JSON object with a \"query\" string");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals("query") && !name.equals("variables") && !name.equals("operationName") && !name.equals("extensions")) {
                throw new InvalidRequestException("unknown request key \"" + name + "\"; expected query, variables, operationName");
            }
        });
        JsonNode query = root.get("query");
        if (query == null || !query.isTextual()) {
            throw new InvalidRequestException("the request needs a \"query\" string holding the GraphQL document");
        }
        JsonNode variables = root.get("variables");
        Map<String, Object> vars = Map.of();
        if (variables != null && !variables.isNull()) {
            if (!variables.isObject()) {
                throw new InvalidRequestException("\"variables\" must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JSON.convertValue(variables, Map.class);
            vars = parsed;
        }
        JsonNode operation = root.get("operationName");
        if (operation != null && !operation.isNull() && !operation.isTextual()) {
            throw new InvalidRequestException("\"operationName\" must be a string");
        }
        return new GraphQLRequest(query.asText(), vars, operation == null || operation.isNull() ? null : operation.asText());
    }

    /** The request as a JSON object: {@code query}, then {@code variables} and {@code operationName} when set. */
    public com.fasterxml.jackson.databind.node.ObjectNode toJsonNode() {
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        if (!variables.isEmpty()) {
            body.set("variables", JSON.valueToTree(variables));
        }
        if (operationName != null) {
            body.put("operationName", operationName);
        }
        return body;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
