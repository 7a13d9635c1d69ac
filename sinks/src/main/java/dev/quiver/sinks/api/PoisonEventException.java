package dev.quiver.sinks.api;

/**
 * A message is not a valid observer event (invalid JSON, a missing or mistyped field, too large). Such a message
 * can never be stored, so the runtime dead-letters it with {@link #reason()} instead of redelivering it.
 */
public final class PoisonEventException extends Exception {

    public PoisonEventException(String reason) {
        super(reason);
    }

    public PoisonEventException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** Why the message was refused, for the dead-letter headers. */
    public String reason() {
        return getMessage();
    }
}
