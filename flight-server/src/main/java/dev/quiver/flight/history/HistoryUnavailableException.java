package dev.quiver.flight.history;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;

/** Event history cannot be read: not configured, or ClickHouse did not answer. Flight reports it as UNAVAILABLE. */
public final class HistoryUnavailableException extends QuiverException {
    private static final long serialVersionUID = 1L;

    public HistoryUnavailableException(String message) {
        super(Status.UNAVAILABLE, message);
    }

    public HistoryUnavailableException(String message, Throwable cause) {
        super(Status.UNAVAILABLE, message, cause);
    }
}
