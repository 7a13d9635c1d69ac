package dev.quiver.flight.admission;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;

/** A cancel named a query id that is not running (for the caller). */
public final class UnknownQueryException extends QuiverException {
    private static final long serialVersionUID = 1L;

    UnknownQueryException(String queryId) {
        super(Status.NOT_FOUND, "no running query with id '" + queryId + "' that you started: it has finished or was cancelled already,"
                + " or the id is wrong (query ids are in the tickets GetFlightInfo returns)", false);
    }
}
