package dev.quiver.flight.request;

/**
 * Why a request failed, in words both transports share: each {@link QuiverException} carries one, and each
 * transport maps it once (Flight's {@code CallStatus}, an HTTP status, the metrics outcome). Anything that is not a
 * {@link QuiverException} is {@link #INTERNAL}: logged with a reference, answered without its details.
 */
public enum Status {
    /** The request is malformed or asks for something the schema does not have (Flight INVALID_ARGUMENT, HTTP 400). */
    INVALID_ARGUMENT,
    /** A server limit was reached: the request is too large, or no stream slot is free (RESOURCE_EXHAUSTED, 413/429). */
    RESOURCE_EXHAUSTED,
    /** A service the request needs is not configured or not reachable (UNAVAILABLE, 503). */
    UNAVAILABLE,
    /** The query ran past the server's query timeout (TIMED_OUT, 504). */
    TIMED_OUT,
    /** The query was cancelled by its owner, or its client went away (CANCELLED, 499). */
    CANCELLED,
    /** A cancel named no running query (NOT_FOUND, 404). */
    NOT_FOUND,
    /** The caller is not authenticated (UNAUTHENTICATED, 401). */
    UNAUTHENTICATED,
    /** The caller is authenticated but its role does not allow the request (Flight UNAUTHORIZED, gRPC PERMISSION_DENIED, 403). */
    PERMISSION_DENIED,
    /** The server failed; the log has the details under the reference the answer gives (INTERNAL, 500). */
    INTERNAL
}
