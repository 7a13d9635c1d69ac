package dev.quiver.flight.metrics;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;

/** How a request ended; the {@code outcome} tag of the request counter and duration histogram. */
public enum Outcome {
    /** Every row was delivered. */
    OK("ok"),
    /** The request was malformed or asked for something the schema does not have. */
    INVALID_REQUEST("invalid_request"),
    /** The request exceeded a server limit (rows, depth, size). */
    LIMIT_EXCEEDED("limit_exceeded"),
    /** The caller was not authenticated or not allowed. */
    DENIED("denied"),
    /** The client cancelled or went away before the end. */
    CANCELLED("cancelled"),
    /** The server failed, timed out, or a service it needs was unavailable. */
    ERROR("error");

    private final String tag;

    Outcome(String tag) {
        this.tag = tag;
    }

    /** The tag value, e.g. {@code invalid_request}. */
    public String tag() {
        return tag;
    }

    /** The outcome of a request that failed with {@code error}. */
    public static Outcome of(Throwable error) {
        return of(QuiverException.statusOf(error));
    }

    /** The outcome of a request that failed with {@code status}: the one mapping every transport uses. */
    public static Outcome of(Status status) {
        return switch (status) {
            case INVALID_ARGUMENT, NOT_FOUND -> INVALID_REQUEST;
            case RESOURCE_EXHAUSTED -> LIMIT_EXCEEDED;
            case UNAUTHENTICATED, PERMISSION_DENIED -> DENIED;
            case CANCELLED -> CANCELLED;
            case TIMED_OUT, UNAVAILABLE, INTERNAL -> ERROR;
        };
    }
}
