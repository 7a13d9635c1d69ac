package dev.quiver.flight.metrics;

import dev.quiver.flight.compile.InvalidRequestException;
import dev.quiver.flight.compile.LimitExceededException;

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
    /** The server failed. */
    ERROR("error");

    private final String tag;

    Outcome(String tag) {
        this.tag = tag;
    }

    /** The tag value, e.g. {@code invalid_request}. */
    public String tag() {
        return tag;
    }

    /** The outcome of a request that failed with {@code error}, for the errors both transports share. */
    public static Outcome of(Throwable error) {
        if (error instanceof InvalidRequestException) {
            return INVALID_REQUEST;
        }
        if (error instanceof LimitExceededException) {
            return LIMIT_EXCEEDED;
        }
        return ERROR;
    }
}
