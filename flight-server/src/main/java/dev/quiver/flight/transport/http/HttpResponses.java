package dev.quiver.flight.transport.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.sun.net.httpserver.HttpExchange;
import dev.quiver.flight.admission.TooManyStreamsException;
import dev.quiver.flight.auth.LoginThrottledException;
import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Content types, error mapping and small fixed-size responses of the HTTP endpoint. */
final class HttpResponses {
    private static final Logger LOG = LoggerFactory.getLogger(HttpResponses.class);

    /** Shared, thread-safe; decimals are written as plain numbers, never in E notation. */
    static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    static final String JSON_TYPE = "application/json; charset=utf-8";
    static final String GRAPHQL_RESPONSE_TYPE = "application/graphql-response+json; charset=utf-8";

    private HttpResponses() {
    }

    /**
     * The media type of a GraphQL response: {@code application/graphql-response+json} when the client's
     * {@code Accept} names it (GraphQL over HTTP), else {@code application/json}.
     */
    static String graphqlContentType(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/graphql-response+json")
                ? GRAPHQL_RESPONSE_TYPE : JSON_TYPE;
    }

    /**
     * The HTTP side of the one error taxonomy: the problem a failed request answers, by the failure's
     * {@link Status}. Client errors keep their message; anything else is a logged 500 with a reference.
     */
    static HttpProblem problemOf(Throwable error) {
        if (error instanceof HttpProblem problem) {
            return problem;
        }
        Status status = QuiverException.statusOf(error);
        return switch (status) {
            case INVALID_ARGUMENT -> HttpProblem.invalid(error.getMessage());
            case RESOURCE_EXHAUSTED -> error instanceof TooManyStreamsException busy
                    ? new HttpProblem(status, 429, busy.getMessage(),
                            Map.of("Retry-After", Long.toString(Math.max(1, busy.retryAfter().toSeconds()))))
                    : error instanceof LoginThrottledException throttled
                    ? new HttpProblem(status, 429, throttled.getMessage(),
                            Map.of("Retry-After", Long.toString(throttled.retryAfter().toSeconds())))
                    : HttpProblem.tooLarge(error.getMessage());
            case UNAUTHENTICATED -> new HttpProblem(status, 401, error.getMessage(),
                    Map.of("WWW-Authenticate", "Basic realm=\"quiver\", Bearer realm=\"quiver\""));
            case PERMISSION_DENIED -> new HttpProblem(status, 403, error.getMessage(), Map.of());
            case NOT_FOUND -> new HttpProblem(status, 404, error.getMessage(), Map.of());
            case UNAVAILABLE -> new HttpProblem(status, 503, error.getMessage(), Map.of());
            case TIMED_OUT -> new HttpProblem(status, 504, error.getMessage(), Map.of());
            case CANCELLED -> new HttpProblem(status, 499, error.getMessage(), Map.of()); // nginx's "client closed request"
            case INTERNAL -> internal(error);
        };
    }

    private static HttpProblem internal(Throwable error) {
        String reference = Long.toHexString(System.nanoTime());
        LOG.error("HTTP request failed [ref {}]", reference, error);
        return new HttpProblem(Status.INTERNAL, 500, "the server failed to answer this request (ref " + reference
                + "); its log has the details", Map.of());
    }

    /** Writes the {@code "errors"} member: {@code "errors":[{"message":..., "extensions":{"code":...}}]}. */
    static void writeErrors(JsonGenerator json, HttpProblem problem) throws IOException {
        writeErrors(json, problem.code(), problem.getMessage());
    }

    /** Writes the {@code "errors"} member with one error of {@code code} (a {@link Status} name). */
    static void writeErrors(JsonGenerator json, String code, String message) throws IOException {
        json.writeArrayFieldStart("errors");
        json.writeStartObject();
        json.writeStringField("message", message);
        json.writeObjectFieldStart("extensions");
        json.writeStringField("code", code);
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
    }

    /** Answers {@code {"errors":[...]}} with the problem's status and headers. */
    static void sendProblem(HttpExchange exchange, HttpProblem problem, String contentType) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(body)) {
            json.writeStartObject();
            writeErrors(json, problem);
            json.writeEndObject();
        }
        problem.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        send(exchange, problem.status(), contentType, body.toByteArray());
    }

    /** Answers a body of known length. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
