package dev.quiver.flight.compile;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;

/** The request is valid but exceeds a configured limit (RESOURCE_EXHAUSTED, HTTP 413). */
public class LimitExceededException extends QuiverException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(Status.RESOURCE_EXHAUSTED, message);
    }
}
