package dev.quiver.flight.request;

import java.util.Objects;

/**
 * A failure the client is told about in words: its message is meant for the person who sent the request, and its
 * {@link Status} says which kind of failure it is. Every transport maps the status once (Flight in
 * {@code transport FlightErrors}, HTTP in {@code HttpResponses}, metrics in {@code Outcome}); subclasses exist only
 * where a failure carries more than a message (a retry delay, a stop reason).
 */
public class QuiverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status status;

    public QuiverException(Status status, String message) {
        this(status, message, null);
    }

    public QuiverException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** For failures raised often on purpose (stops, refusals): no stack trace is filled in. */
    protected QuiverException(Status status, String message, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
        this.status = Objects.requireNonNull(status, "status");
    }

    public Status status() {
        return status;
    }

    /** The status of any failure: a {@link QuiverException}'s own, else {@link Status#INTERNAL}. */
    public static Status statusOf(Throwable error) {
        return error instanceof QuiverException quiver ? quiver.status() : Status.INTERNAL;
    }
}
