package dev.quiver.flight.control;

/** A query was stopped before it finished; {@link #reason()} says why, the message says it to a person. */
public final class QueryStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StopReason reason;
    private final String queryId;

    QueryStoppedException(StopReason reason, String queryId, String message) {
        super(message, null, false, false);
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
