package dev.quiver.flight.subscription;

/**
 * A snapshot of the subscription machinery, for tests, health and metrics.
 *
 * @param feed                    {@code DISABLED} (no {@code --nats-url}), {@code CONNECTING}, {@code LIVE} or {@code CLOSED}
 * @param liveSubscribers         open subscription streams
 * @param receivedMessages        messages the shared feed received
 * @param poisonMessages          of those, messages that were not valid observer events (skipped)
 * @param deliveredEvents         events handed to subscribers' streams, summed over subscribers
 * @param slowConsumerDisconnects streams ended with RESOURCE_EXHAUSTED because their buffer overflowed
 * @param bufferedEvents          events waiting in subscribers' buffers now, summed
 * @param maxBufferedEvents       the most events one subscriber ever had waiting (never above the buffer limit)
 * @param natsSlowConsumerEvents  how often the NATS client flagged the shared feed as slow (should stay 0)
 * @param feedResumes             how often the feed created its consumer again after a gap or an outage
 */
public record SubscriptionStats(String feed, int liveSubscribers, long receivedMessages, long poisonMessages,
                                long deliveredEvents, long slowConsumerDisconnects, long bufferedEvents,
                                int maxBufferedEvents, long natsSlowConsumerEvents, long feedResumes) {

    /** The snapshot as one JSON object with these component names as keys. */
    public String toJson() {
        return "{\"feed\":\"" + feed + "\",\"liveSubscribers\":" + liveSubscribers + ",\"receivedMessages\":"
                + receivedMessages + ",\"poisonMessages\":" + poisonMessages + ",\"deliveredEvents\":" + deliveredEvents
                + ",\"slowConsumerDisconnects\":" + slowConsumerDisconnects + ",\"bufferedEvents\":" + bufferedEvents
                + ",\"maxBufferedEvents\":" + maxBufferedEvents + ",\"natsSlowConsumerEvents\":" + natsSlowConsumerEvents
                + ",\"feedResumes\":" + feedResumes + "}";
    }
}
