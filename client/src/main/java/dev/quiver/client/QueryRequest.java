package dev.quiver.client;

import dev.quiver.client.internal.JsonValues;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One GraphQL request as the Flight contract carries it (the {@code GetFlightInfo} command or a {@code DoGet}
 * ticket for a query, the {@code DoExchange} command for a mutation): UTF-8 JSON
 * {@code {"query": "...", "variables": {...} | null, "operationName": "..." | null}}.
 *
 * @param query         the GraphQL document; one root field per request
 * @param variables     variable values (String, Number, Boolean, null, Map, List); {@code null} or empty for none
 * @param operationName which operation of the document to run; {@code null} when it has one
 */
public record QueryRequest(String query, Map<String, Object> variables, String operationName) {

    public QueryRequest {
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new IllegalArgumentException("query is empty; give a GraphQL document such as { users { id } }");
        }
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    public static QueryRequest of(String query) {
        return new QueryRequest(query, null, null);
    }

    /** A request with variables of any value type the JSON encoder knows (see {@link #variables()}). */
    public static QueryRequest of(String query, Map<String, ?> variables) {
        return new QueryRequest(query, variables == null ? null : new LinkedHashMap<>(variables), null);
    }

    /** The request JSON; {@code variables} is {@code null} when there are none. */
    public String toJson() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("query", query);
        request.put("variables", variables.isEmpty() ? null : variables);
        request.put("operationName", operationName);
        return JsonValues.write(request, JsonValues.NonFinite.REFUSE);
    }

    /**
     * The GetFlightInfo command asking for up to {@code endpoints} endpoints: the request JSON, plus
     * {@code "endpoints": n} when more than one.
     */
    byte[] toCommandBytes(int endpoints) {
        if (endpoints <= 1) {
            return toJsonBytes();
        }
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("query", query);
        command.put("variables", variables.isEmpty() ? null : variables);
        command.put("operationName", operationName);
        command.put("endpoints", endpoints);
        return JsonValues.write(command, JsonValues.NonFinite.REFUSE).getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #toJson()} as UTF-8 bytes: the Flight command (GetFlightInfo, DoExchange) and the raw ticket. */
    public byte[] toJsonBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }
}
