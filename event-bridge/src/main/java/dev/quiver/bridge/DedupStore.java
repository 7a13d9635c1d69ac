package dev.quiver.bridge;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * Remembers which event ids a sink has stored ({@code RedisDedupStore} in production). Keys are per sink, so
 * one sink storing an event never hides it from another.
 */
public interface DedupStore extends AutoCloseable {

    /**
     * Which of {@code eventIds} this sink has stored within the window.
     *
     * @throws DedupUnavailableException when the store does not answer in time
     */
    Set<String> stored(String sink, Collection<String> eventIds) throws DedupUnavailableException;

    /**
     * Records that the sink has stored these events durably; they count as stored for {@code window}.
     *
     * @throws DedupUnavailableException when the store does not answer in time
     */
    void markStored(String sink, Collection<String> eventIds, Duration window) throws DedupUnavailableException;

    /** Whether the store answers now; never throws. */
    boolean ping();

    @Override
    void close();
}
