package dev.quiver.flight.subscription;

import java.util.function.BiConsumer;

/**
 * The one shared source of observer-event messages that a {@link SubscriptionService} fans out to its
 * subscribers, whatever their number. The composition root picks the implementation (the server's is a JetStream
 * consumer on the events stream); the service owns the feed it is given.
 *
 * <p>Lifecycle, driven by the service:
 * <ol>
 *   <li>{@link #start} once: go live now if the source is there, so that events stored after it returns reach
 *       subscribers, else keep trying in the background (it never fails the server's start); from then on, hand
 *       each message to {@code messages} in order, from the feed's own thread.</li>
 *   <li>{@link #state}, {@link #natsSlowConsumerEvents} and {@link #resumes} at any time, for stats.</li>
 *   <li>{@link #close} once, first thing when the service closes, before the open streams are ended.</li>
 * </ol>
 */
public interface EventFeed extends AutoCloseable {

    /** Where a feed stands. */
    enum State { CONNECTING, LIVE, CLOSED }

    /**
     * Starts the feed.
     *
     * @param messages receives each message as (subject, body); an exception it throws is logged and the feed goes on
     */
    void start(BiConsumer<String, byte[]> messages);

    State state();

    /** How often the NATS client flagged the feed's connection as a slow consumer (should stay 0). */
    long natsSlowConsumerEvents();

    /** How often the feed had to start reading again after a gap or an outage. */
    long resumes();

    /** Stops the feed and releases its connection. */
    @Override
    void close() throws InterruptedException;
}
