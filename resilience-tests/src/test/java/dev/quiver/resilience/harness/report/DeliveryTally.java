package dev.quiver.resilience.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a set of subscribers received against what they were due: a delivery is one event to one subscriber, so
 * {@code n} subscribers of {@code m} events are due {@code n × m} deliveries. Kept apart from the pipeline's
 * {@link EventTally events}: the report never adds the two.
 *
 * @param subscribers which subscribers, e.g. {@code subscribers} or {@code subscribers (reading)}
 * @param expected    deliveries due
 * @param received    distinct deliveries received
 * @param duplicated  deliveries received more than once
 */
public record DeliveryTally(String subscribers, long expected, long received, long duplicated) {

    /** Due but not received. */
    @JsonProperty("lost")
    public long lost() {
        return Math.max(0, expected - received);
    }
}
