package dev.quiver.flight.outbox;

/** The event stream could not take the events now (unreachable, timed out, refused); the relay retries later. */
public class EventPublishException extends Exception {
    private static final long serialVersionUID = 1L;

    public EventPublishException(String message) {
        super(message);
    }

    public EventPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
