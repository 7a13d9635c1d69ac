package dev.quiver.flight.admission;

/**
 * The one guard every streamed answer runs under, whatever its transport: it takes one of the server's stream
 * slots ({@code --max-streams}; none free: RESOURCE_EXHAUSTED), then registers the query under its id, with the
 * server's query timeout ({@code --query-timeout}) and the {@code cancel} action able to stop it. Subscriptions
 * are endless streams with their own limits and do not enter here.
 */
public final class Admission {
    private final StreamSlots slots;
    private final RunningQueries queries;

    public Admission(StreamSlots slots, RunningQueries queries) {
        this.slots = slots;
        this.queries = queries;
    }

    /**
     * Admits one answer; close what it returns once the answer has ended (before its end reaches the client, so
     * a client that has read everything may start its next request at once).
     *
     * @param queryId the id the query runs under (the ticket's), or {@code null} for a new one
     * @param owner   who may cancel it (the authenticated user, or the peer)
     * @throws dev.quiver.flight.admission.TooManyStreamsException when no stream slot is free
     */
    public Admitted admit(String queryId, String owner) {
        StreamSlot slot = slots.acquire();
        try {
            return new Admitted(slot, queries.start(queryId, owner));
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    /** Stops the queries {@code owner} runs under {@code queryId}; returns how many were stopped. */
    public int cancel(String queryId, String owner) {
        return queries.cancel(queryId, owner);
    }

    /** Registers a query (no slot) for work that is not a stream but must obey the timeout and cancel too. */
    public RunningQuery track(String queryId, String owner) {
        return queries.start(queryId, owner);
    }

    /** An admitted answer: its slot and its running query, given back by {@link #close()}. */
    public static final class Admitted implements AutoCloseable {
        private final StreamSlot slot;
        private final RunningQuery query;

        private Admitted(StreamSlot slot, RunningQuery query) {
            this.slot = slot;
            this.query = query;
        }

        public RunningQuery query() {
            return query;
        }

        @Override
        public void close() {
            try {
                query.close();
            } finally {
                slot.close();
            }
        }
    }
}
