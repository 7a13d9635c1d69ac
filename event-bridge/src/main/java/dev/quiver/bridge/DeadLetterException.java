package dev.quiver.bridge;

/** Dead letters could not be written durably, so their originals must not be acknowledged. */
public final class DeadLetterException extends Exception {

    public DeadLetterException(String message, Throwable cause) {
        super(message, cause);
    }
}
