package dev.quiver.flight.transport.http;

import dev.quiver.flight.metrics.Outcome;
import dev.quiver.flight.request.Status;
import java.util.Map;

/**
 * A request the HTTP endpoint refuses, with the status and the GraphQL-over-HTTP error it answers:
 * {@code {"errors":[{"message": message, "extensions": {"code": code}}]}}. The code is always the name of the
 * failure's {@link Status}, the same word a Flight client sees as the call's status, so both transports speak one
 * vocabulary; the HTTP status only refines it (a 405 and a 400 are both INVALID_ARGUMENT).
 */
final class HttpProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final Status kind;
    private final int status;
    private final transient Map<String, String> headers;

    HttpProblem(Status kind, int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
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
                + " POST /graphql/cancel, GET /health and GET /metrics", Map.of());
    }

    static HttpProblem methodNotAllowed(String method, String path, String allowed) {
        return new HttpProblem(Status.INVALID_ARGUMENT, 405, method + " is not supported on " + path + "; use "
                + allowed.replace(", ", " or "), Map.of("Allow", allowed));
    }

    /** GraphQL over HTTP: a mutation sent with GET is refused (GET must be safe: a link or a prefetch could write). */
    static HttpProblem mutationOverGet(String path) {
        return new HttpProblem(Status.INVALID_ARGUMENT, 405, "a mutation is a write and GET only reads: send it with"
                + " POST " + path + " (Content-Type: application/json)", Map.of("Allow", "POST"));
    }

    static HttpProblem unsupportedMediaType(String contentType, String expected) {
        return new HttpProblem(Status.INVALID_ARGUMENT, 415, "Content-Type " + (contentType == null ? "(none)" : contentType)
                + " is not supported; " + expected, Map.of());
    }

    static HttpProblem notAcceptable(String accept, String needed) {
        return new HttpProblem(Status.INVALID_ARGUMENT, 406, "this answer cannot be given as " + accept + "; " + needed,
                Map.of());
    }

    /** How the request ended, for the metrics: from the problem's kind, as on every transport. */
    Outcome outcome() {
        return Outcome.of(kind);
    }

    /** The HTTP status. */
    int status() {
        return status;
    }

    /** The {@code extensions.code}: the {@link Status} name, e.g. {@code INVALID_ARGUMENT}. */
    String code() {
        return kind.name();
    }

    /** Extra response headers, e.g. {@code Allow} for 405. */
    Map<String, String> headers() {
        return headers;
    }
}
