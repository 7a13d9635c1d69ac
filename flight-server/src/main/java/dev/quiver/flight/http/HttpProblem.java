package dev.quiver.flight.http;

import java.util.Map;

/**
 * A request the HTTP endpoint refuses, with the status and the GraphQL-over-HTTP error it answers:
 * {@code {"errors":[{"message": message, "extensions": {"code": code}}]}}. The codes are the Flight status
 * names where one fits, so both transports speak the same vocabulary.
 */
final class HttpProblem extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;

    HttpProblem(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    static HttpProblem invalid(String message) {
        return new HttpProblem(400, "INVALID_ARGUMENT", message, Map.of());
    }

    static HttpProblem tooLarge(String message) {
        return new HttpProblem(413, "RESOURCE_EXHAUSTED", message, Map.of());
    }

    static HttpProblem notFound(String path) {
        return new HttpProblem(404, "NOT_FOUND", "no endpoint at " + path + "; this server answers POST or GET /graphql,"
                + " GET /health and GET /metrics", Map.of());
    }

    static HttpProblem methodNotAllowed(String method, String path, String allowed) {
        return new HttpProblem(405, "METHOD_NOT_ALLOWED", method + " is not supported on " + path + "; use "
                + allowed.replace(", ", " or "), Map.of("Allow", allowed));
    }

    static HttpProblem unsupportedMediaType(String contentType) {
        return new HttpProblem(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type " + (contentType == null ? "(none)" : contentType)
                + " is not supported; send the request as Content-Type: application/json with"
                + " {\"query\": \"...\", \"variables\": {...}, \"operationName\": \"...\"}", Map.of());
    }

    /** The HTTP status: 400, 404, 405, 413, 415 or 500. */
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
