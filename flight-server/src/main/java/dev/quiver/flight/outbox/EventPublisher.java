package dev.quiver.flight.outbox;

import java.util.List;

/**
 * Delivers outbox messages to the event stream and says which ones the stream has durably stored.
 * Implementations: {@link dev.quiver.flight.outbox.internal.JetStreamEventPublisher}; tests use fakes.
 *
 * <p>Lifecycle: {@link #ensureReady()} before claiming rows (so no rows are locked while the stream is down),
 * then {@link #publish} with the claimed batch; {@link #close()} once at the end.
 */
public interface EventPublisher extends AutoCloseable {

    /**
     * Connects (or checks the connection) and makes sure the stream exists.
     *
     * @throws EventPublishException when the stream cannot be reached now; the relay backs off and retries
     */
    void ensureReady() throws EventPublishException;

    /**
     * Publishes {@code batch} in order, each with its event id as the de-duplication id, and waits for the
     * stream's acknowledgements.
     *
     * @return the messages acknowledged, and the failure that stopped the rest (if any)
     */
    PublishOutcome publish(List<OutboxMessage> batch);

    /** Where events go, for logs, e.g. {@code nats://127.0.0.1:4222 stream QUIVER_EVENTS}. */
    String describe();

    @Override
    default void close() {
    }
}
