package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventPublisherTest {

    private static ObserverEvent event(String entityType, EventType type) {
        return new ObserverEvent(UUID.randomUUID().toString(), type, entityType, "1", Instant.EPOCH, null, null, "{}");
    }

    @Test
    void theSubjectIsPrefixEntityTypeAndEventType() {
        assertThat(EventPublisher.subject("quiver.events", event("Order", EventType.UPDATED)))
                .isEqualTo("quiver.events.Order.updated");
    }

    @Test
    void charactersASubjectTokenCannotHoldBecomeUnderscores() {
        assertThat(EventPublisher.subject("q", event("shop.Order *>x y", EventType.CREATED)))
                .isEqualTo("q.shop_Order___x_y.created");
    }
}
