package dev.quiver.flight.control;

/** A cancel named a query id that is not running (for the caller). */
public final class UnknownQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownQueryException(String queryId) {
        super("no running query with id '" + queryId + "' that you started: it has finished or was cancelled already,"
                + " or the id is wrong (query ids are in the tickets GetFlightInfo returns)", null, false, false);
    }
}
