package dev.quiver.flight.control;

import java.time.Duration;

/** Every stream slot is taken; the same request may succeed once another stream ends. */
public final class TooManyStreamsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int limit;
    private final Duration retryAfter;

    TooManyStreamsException(int limit, Duration retryAfter) {
        super("this server is already sending its limit of " + limit + " result streams at once (--max-streams "
                + limit + "); retry in a moment (e.g. after " + retryAfter.toSeconds() + " s), or ask the operator to"
                + " raise --max-streams", null, false, false);
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    public int limit() {
        return limit;
    }

    /** A sensible wait before retrying (HTTP's {@code Retry-After}). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
