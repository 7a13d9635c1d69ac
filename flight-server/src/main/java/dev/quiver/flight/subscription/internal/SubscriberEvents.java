package dev.quiver.flight.subscription.internal;

/** What a {@link Subscriber} tells its owner (the {@link EventHub}): deliveries, and that it ended. */
interface SubscriberEvents {

    /** {@code events} more events were handed to the subscriber's transport. */
    void delivered(int events);

    /** The subscriber's stream is over; it must receive no more events. Called once. */
    void ended(Subscriber subscriber, EndReason reason);

    /** Why a subscriber's stream ended. */
    enum EndReason {
        /** The client cancelled or went away. */
        CANCELLED,
        /** Its buffer overflowed: RESOURCE_EXHAUSTED. */
        SLOW_CONSUMER,
        /** The server is shutting down: UNAVAILABLE. */
        SERVER_CLOSING,
        /** Sending failed unexpectedly: INTERNAL. */
        FAILED
    }
}
