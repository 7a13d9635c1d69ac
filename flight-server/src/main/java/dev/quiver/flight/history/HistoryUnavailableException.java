package dev.quiver.flight.history;

/** Event history cannot be read: not configured, or ClickHouse did not answer. Flight reports it as UNAVAILABLE. */
public final class HistoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryUnavailableException(String message) {
        super(message);
    }

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
