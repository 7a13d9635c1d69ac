package dev.quiver.flight.admission;

import dev.quiver.flight.request.QuiverException;
import dev.quiver.flight.request.Status;

/** A query was stopped before it finished; {@link #reason()} says why, the message says it to a person. */
public final class QueryStoppedException extends QuiverException {
    private static final long serialVersionUID = 1L;

    private final StopReason reason;
    private final String queryId;

    QueryStoppedException(StopReason reason, String queryId, String message) {
        super(reason == StopReason.TIMED_OUT ? Status.TIMED_OUT : Status.CANCELLED, message, false);
        this.reason = reason;
        this.queryId = queryId;
    }

    public StopReason reason() {
        return reason;
    }

    public String queryId() {
        return queryId;
    }
}
