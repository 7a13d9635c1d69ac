package dev.quiver.flight.compile;

/** The request is valid but exceeds a configured limit (RESOURCE_EXHAUSTED, HTTP 413). */
public class LimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
