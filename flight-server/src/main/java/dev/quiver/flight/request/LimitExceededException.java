package dev.quiver.flight.request;

/** The request is valid but exceeds a configured limit (RESOURCE_EXHAUSTED, HTTP 413). */
public class LimitExceededException extends QuiverException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(Status.RESOURCE_EXHAUSTED, message);
    }
}
