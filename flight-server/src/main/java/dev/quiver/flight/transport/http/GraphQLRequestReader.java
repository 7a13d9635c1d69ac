package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the GraphQL request of an HTTP exchange: {@code POST} with a JSON body
 * ({@code Content-Type: application/json}, at most {@code maxBodyBytes}), or {@code GET} with
 * {@code ?query=...&variables=<JSON>&operationName=...&queryId=...}. Both give request JSON that the request
 * planner decodes exactly like a Flight ticket (a {@code "queryId"} in it names the query for {@code cancel}).
 * Also reads the body of {@code POST /graphql/cancel}.
 */
final class GraphQLRequestReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GET_PARAMETERS = Set.of("query", "variables", "operationName", "queryId");
    private static final String JSON_EXPECTED = "send the request as Content-Type: application/json with"
            + " {\"query\": \"...\", \"variables\": {...}, \"operationName\": \"...\"}";
    private static final String CANCEL_EXPECTED = "send {\"queryId\": \"...\"} (or the query's request JSON) as"
            + " Content-Type: application/json, or the bare query id as Content-Type: text/plain";
    private static final long DISCARD_LIMIT = 16L << 20;

    private final long maxBodyBytes;

    GraphQLRequestReader(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The request's JSON bytes, for the request planner to decode (as it decodes a Flight ticket). */
    byte[] read(HttpExchange exchange) throws HttpProblem, IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("POST")) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!isUtf8(contentType, "application/json")) {
                throw HttpProblem.unsupportedMediaType(contentType, JSON_EXPECTED);
            }
            byte[] body = body(exchange);
            if (body.length == 0) {
                throw HttpProblem.invalid("the request body is empty; send {\"query\": \"{ ... }\"} as JSON");
            }
            return body;
        }
        if (method.equals("GET")) {
            return fromQueryString(exchange.getRequestURI().getRawQuery());
        }
        throw HttpProblem.methodNotAllowed(method, "/graphql", "GET, POST");
    }

    /**
     * The body of {@code POST /graphql/cancel} ({@code application/json} or {@code text/plain}, at most
     * {@code maxBodyBytes}), for {@link dev.quiver.flight.request.CancelRequest} to read as the Flight action's body.
     */
    byte[] readCancel(HttpExchange exchange, String path) throws HttpProblem, IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw HttpProblem.methodNotAllowed(exchange.getRequestMethod(), path, "POST");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!isUtf8(contentType, "application/json") && !isUtf8(contentType, "text/plain")) {
            throw HttpProblem.unsupportedMediaType(contentType, CANCEL_EXPECTED);
        }
        return body(exchange);
    }

    /** Whether {@code contentType} is {@code mediaType}, in UTF-8 if it names a charset at all. */
    private static boolean isUtf8(String contentType, String mediaType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(mediaType)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The whole body, at most {@code maxBodyBytes}. A body that ends early (the client closed the connection, or
     * the server closed it past {@code --http-read-timeout}) is the client's problem: a 400 that the client may no
     * longer read, not an INTERNAL error with a stack trace in the log for every slow or broken client.
     */
    private byte[] body(HttpExchange exchange) throws HttpProblem {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            readBody(exchange, body);
        } catch (IOException e) {
            throw HttpProblem.invalid("the request body ended after " + body.size() + " bytes, before its "
                    + "Content-Length: the connection was closed, or the body took longer than this server's read "
                    + "timeout (--http-read-timeout)");
        }
        return body.toByteArray();
    }

    private void readBody(HttpExchange exchange, ByteArrayOutputStream body) throws HttpProblem, IOException {
        byte[] buffer = new byte[8192];
        try (InputStream in = exchange.getRequestBody()) {
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            if (declared != null && declaredLength(declared) > maxBodyBytes) {
                throw tooLarge(in);
            }
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (body.size() + (long) read > maxBodyBytes) {
                    throw tooLarge(in);
                }
                body.write(buffer, 0, read);
            }
        }
    }

    private static long declaredLength(String declared) throws HttpProblem {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw HttpProblem.invalid("Content-Length '" + declared + "' is not a number");
        }
    }

    /**
     * The 413 for an oversized body, after reading and dropping up to {@link #DISCARD_LIMIT} more bytes of it:
     * most clients read the answer only once they have sent the whole body, and would otherwise see the
     * connection reset instead of the 413. Past that limit the connection is closed regardless.
     */
    private HttpProblem tooLarge(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long discarded = 0;
        int read;
        while (discarded < DISCARD_LIMIT && (read = in.read(buffer)) >= 0) {
            discarded += read;
        }
        return HttpProblem.tooLarge("the request body is larger than this server's " + maxBodyBytes
                + " bytes; send a shorter query or fewer variables");
    }

    private static byte[] fromQueryString(String rawQuery) throws HttpProblem {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (!GET_PARAMETERS.contains(name)) {
                    throw HttpProblem.invalid("unknown parameter '" + name + "'; GET /graphql takes query, variables"
                            + " (a JSON object), operationName and queryId");
                }
                if (parameters.put(name, value) != null) {
                    throw HttpProblem.invalid("parameter '" + name + "' is given twice");
                }
            }
        }
        if (!parameters.containsKey("query")) {
            throw HttpProblem.invalid("GET /graphql needs ?query=<GraphQL>, e.g. /graphql?query=%7B%20users(limit%3A%203)"
                    + "%20%7B%20id%20%7D%20%7D; or POST the request as JSON");
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("query", parameters.get("query"));
        String variables = parameters.get("variables");
        if (variables != null && !variables.isBlank()) {
            try {
                JsonNode parsed = JSON.readTree(variables);
                request.set("variables", parsed);
            } catch (JsonProcessingException e) {
                throw HttpProblem.invalid("the variables parameter is not JSON: " + e.getOriginalMessage());
            }
        }
        if (parameters.get("operationName") != null && !parameters.get("operationName").isEmpty()) {
            request.put("operationName", parameters.get("operationName"));
        }
        if (parameters.get("queryId") != null) {
            request.put("queryId", parameters.get("queryId")); // checked where a ticket's is
        }
        try {
            return JSON.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a request read from the query string", e);
        }
    }

    private static String decode(String text) throws HttpProblem {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.invalid("the query string is not URL-encoded properly: " + e.getMessage());
        }
    }
}
