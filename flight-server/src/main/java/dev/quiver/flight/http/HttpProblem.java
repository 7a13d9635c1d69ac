package dev.quiver.flight.http;

import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.request.Status;
import java.util.Map;

/**
 * A request the HTTP endpoint refuses, with the status and the GraphQL-over-HTTP error it answers:
 * {@code {"errors":[{"message": message, "extensions": {"code": code}}]}}. The codes are the Flight status
 * names where one fits, so both transports speak the same vocabulary.
 */
final class HttpProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final Status kind;
    private final int status;
    private final String code;
    private final transient Map<String, String> headers;

    /** A problem whose code is its kind's name. */
    HttpProblem(Status kind, int status, String message, Map<String, String> headers) {
        this(kind, status, kind.name(), message, headers);
    }

    private HttpProblem(Status kind, int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    static HttpProblem invalid(String message) {
        return new HttpProblem(Status.INVALID_ARGUMENT, 400, message, Map.of());
    }

    static HttpProblem tooLarge(String message) {
        return new HttpProblem(Status.RESOURCE_EXHAUSTED, 413, message, Map.of());
    }

    static HttpProblem notFound(String path) {
        return new HttpProblem(Status.NOT_FOUND, 404, "no endpoint at " + path + "; this server answers POST or GET /graphql,"
                + " GET /health and GET /metrics", Map.of());
    }

    static HttpProblem methodNotAllowed(String method, String path, String allowed) {
        return new HttpProblem(Status.INVALID_ARGUMENT, 405, "METHOD_NOT_ALLOWED", method + " is not supported on " + path + "; use "
                + allowed.replace(", ", " or "), Map.of("Allow", allowed));
    }

    static HttpProblem unsupportedMediaType(String contentType) {
        return new HttpProblem(Status.INVALID_ARGUMENT, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type " + (contentType == null ? "(none)" : contentType)
                + " is not supported; send the request as Content-Type: application/json with"
                + " {\"query\": \"...\", \"variables\": {...}, \"operationName\": \"...\"}", Map.of());
    }

    /** How the request ended, for the metrics: from the problem's kind, as on every transport. */
    Outcome outcome() {
        return Outcome.of(kind);
    }

    /** The HTTP status. */
    int status() {
        return status;
    }

    /** The {@code extensions.code}, e.g. {@code INVALID_ARGUMENT}. */
    String code() {
        return code;
    }

    /** Extra response headers, e.g. {@code Allow} for 405. */
    Map<String, String> headers() {
        return headers;
    }
}
