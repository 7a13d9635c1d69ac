package dev.quiver.bridge.tools;

/** A {@code quiver dlq} command could not do its work; the message says what went wrong and what to do. */
public final class DlqToolException extends Exception {
    public DlqToolException(String message, Throwable cause) {
        super(message, cause);
    }

    public DlqToolException(String message) {
        super(message);
    }
}
