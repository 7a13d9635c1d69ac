package dev.quiver.flight.admission;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;
import java.time.Duration;

/** Every stream slot is taken; the same request may succeed once another stream ends. */
public final class TooManyStreamsException extends QuiverException {
    private static final long serialVersionUID = 1L;

    private final int limit;
    private final Duration retryAfter;

    TooManyStreamsException(int limit, Duration retryAfter) {
        super(Status.RESOURCE_EXHAUSTED, "this server is already sending its limit of " + limit + " result streams at once (--max-streams "
                + limit + "); retry in a moment (e.g. after " + retryAfter.toSeconds() + " s), or ask the operator to"
                + " raise --max-streams", false);
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
