package dev.quiver.bridge;

import java.time.Duration;
import java.util.List;

/**
 * Where a {@link SinkPipeline} pulls its messages from: one durable consumer of the events stream
 * ({@code JetStreamEventSource} in production, a fake in unit tests). {@link #fetch} is called by one thread at a
 * time; {@link #flushAcks} and the messages' acknowledgements may come from another thread meanwhile;
 * {@link #close} comes after both stopped.
 */
public interface EventSource extends AutoCloseable {

    /**
     * Waits at most {@code maxWait} for up to {@code max} messages and returns those that arrived (maybe none).
     * Never returns more than {@code max}; returns early once {@code max} arrived.
     */
    List<InboundMessage> fetch(int max, Duration maxWait);

    /**
     * As {@link #fetch(int, Duration)}, and also stops before the messages' bytes (payload and headers) pass
     * {@code maxBytes}; the first message is returned whatever its size, so a fetch always makes progress. This
     * default only counts messages; a source that can bound bytes where they are sent overrides it.
     *
     * @return the messages, and whether the byte limit ended the fetch (the next message did not fit)
     */
    default Fetched fetch(int max, long maxBytes, Duration maxWait) {
        return new Fetched(fetch(max, maxWait), false);
    }

    /** What one {@link #fetch(int, long, Duration)} brought. */
    record Fetched(List<InboundMessage> messages, boolean byteLimited) {
    }

    /** Makes sure the acknowledgements sent so far reached the server (a round trip); never throws. */
    void flushAcks();

    /** Stops pulling; messages delivered but not acknowledged are redelivered by the server after the ack wait. */
    @Override
    void close();
}
