package dev.quiver.bridge;

/** The de-duplication store did not answer (down, unreachable, slower than the timeout). */
public final class DedupUnavailableException extends Exception {

    public DedupUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
