package dev.quiver.flight.subscription;

/**
 * A snapshot of the subscription machinery, for tests, health and metrics.
 *
 * @param feed                    {@code DISABLED} (no {@code --subscriptions}), {@code CONNECTING}, {@code LIVE} or {@code CLOSED}
 * @param liveSubscribers         open subscription streams
 * @param receivedMessages        messages the shared feed received
 * @param poisonMessages          of those, messages that were not valid observer events (skipped)
 * @param deliveredEvents         events handed to subscribers' streams, summed over subscribers
 * @param slowConsumerDisconnects streams ended with RESOURCE_EXHAUSTED because their buffer overflowed
 * @param bufferedEvents          events waiting in subscribers' buffers now, summed
 * @param maxBufferedEvents       the most events one subscriber ever had waiting (never above the buffer limit)
 * @param natsSlowConsumerEvents  how often the NATS client flagged the shared feed as slow (should stay 0)
 * @param feedResumes             how often the feed created its consumer again after a gap or an outage
 * @param transmitBytes           bytes of batches encoded and handed to gRPC but not yet written, now
 * @param maxTransmitBytes        the most such bytes at once (never above {@code --subscription-transmit-bytes}
 *                                unless one batch alone is larger)
 * @param transmitWaits           how often a batch waited for that budget
 */
public record SubscriptionStats(String feed, int liveSubscribers, long receivedMessages, long poisonMessages,
                                long deliveredEvents, long slowConsumerDisconnects, long bufferedEvents,
                                int maxBufferedEvents, long natsSlowConsumerEvents, long feedResumes,
                                long transmitBytes, long maxTransmitBytes, long transmitWaits) {

    /** The snapshot as one JSON object with these component names as keys. */
    public String toJson() {
        return "{\"feed\":\"" + feed + "\",\"liveSubscribers\":" + liveSubscribers + ",\"receivedMessages\":"
                + receivedMessages + ",\"poisonMessages\":" + poisonMessages + ",\"deliveredEvents\":" + deliveredEvents
                + ",\"slowConsumerDisconnects\":" + slowConsumerDisconnects + ",\"bufferedEvents\":" + bufferedEvents
                + ",\"maxBufferedEvents\":" + maxBufferedEvents + ",\"natsSlowConsumerEvents\":" + natsSlowConsumerEvents
                + ",\"feedResumes\":" + feedResumes + ",\"transmitBytes\":" + transmitBytes + ",\"maxTransmitBytes\":"
                + maxTransmitBytes + ",\"transmitWaits\":" + transmitWaits + "}";
    }
}
