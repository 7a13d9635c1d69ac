package dev.quiver.sinks.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventStreamContractTest {

    private static ObserverEvent event(String entityType, EventType type) {
        return new ObserverEvent(UUID.randomUUID().toString(), type, entityType, "1", Instant.EPOCH, null, null, "{}");
    }

    @Test
    void theDefaultNamesAreTheOnesEveryDeploymentUses() {
        assertThat(EventStreamContract.EVENTS_STREAM).isEqualTo("QUIVER_EVENTS");
        assertThat(EventStreamContract.EVENTS_SUBJECT_PREFIX).isEqualTo("quiver.events");
        assertThat(EventStreamContract.DLQ_STREAM).isEqualTo("QUIVER_DLQ");
        assertThat(EventStreamContract.DLQ_SUBJECT_PREFIX).isEqualTo("quiver.dlq");
        assertThat(EventStreamContract.DUPLICATE_WINDOW).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theSubjectIsPrefixEntityTypeAndEventType() {
        assertThat(EventStreamContract.subject("quiver.events", event("Order", EventType.UPDATED)))
                .isEqualTo("quiver.events.Order.updated");
        assertThat(EventStreamContract.subject("t1.ev", "User", EventType.CREATED)).isEqualTo("t1.ev.User.created");
    }

    @Test
    void charactersASubjectTokenCannotHoldBecomeUnderscores() {
        assertThat(EventStreamContract.subject("q", event("shop.Order *>x y", EventType.CREATED)))
                .isEqualTo("q.shop_Order___x_y.created");
        assertThat(EventStreamContract.subject("q", "a\tb\u007fc", EventType.DELETED)).isEqualTo("q.a_b_c.deleted");
    }

    @Test
    void aStreamCapturesEverySubjectUnderItsPrefix() {
        assertThat(EventStreamContract.streamSubjects("quiver.events")).isEqualTo("quiver.events.>");
        assertThat(EventStreamContract.deadLetterSubject("quiver.dlq", "clickhouse")).isEqualTo("quiver.dlq.clickhouse");
    }

    @Test
    void theMessageIdIsTheEventId() {
        ObserverEvent event = event("Order", EventType.CREATED);
        assertThat(EventStreamContract.MESSAGE_ID_HEADER).isEqualTo("Nats-Msg-Id");
        assertThat(EventStreamContract.messageId(event)).isEqualTo(event.eventId());
    }

    @Test
    void theEventsStreamIsFileStoredWithTheWindowAndAtomicBatches() {
        EventStreamContract.StreamSpec spec = EventStreamContract.eventsStream("E", "e.v", Duration.ofSeconds(30));
        assertThat(spec.name()).isEqualTo("E");
        assertThat(spec.subjects()).isEqualTo("e.v.>");
        assertThat(spec.duplicateWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.allowAtomicPublish()).isTrue();
        assertThat(spec.description()).isNotBlank();
    }

    @Test
    void theDeadLetterStreamHasTheSameWindowButNoAtomicBatches() {
        EventStreamContract.StreamSpec spec = EventStreamContract.deadLetterStream("D", "d", Duration.ofMinutes(5));
        assertThat(spec.subjects()).isEqualTo("d.>");
        assertThat(spec.duplicateWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.allowAtomicPublish()).isFalse();
    }

    @Test
    void theDefaultEventsStreamUsesTheDefaultNamesAndWindow() {
        EventStreamContract.StreamSpec spec = EventStreamContract.eventsStream(EventStreamContract.EVENTS_STREAM,
                EventStreamContract.EVENTS_SUBJECT_PREFIX, EventStreamContract.DUPLICATE_WINDOW);
        assertThat(spec.subjects()).isEqualTo("quiver.events.>");
        assertThat(spec.duplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aStreamHasOneReplicaUnlessToldAndAtMostFive() {
        assertThat(EventStreamContract.eventsStream("E", "e", Duration.ofMinutes(2)).replicas()).isEqualTo(1);
        assertThat(EventStreamContract.eventsStream("E", "e", Duration.ofMinutes(2), 3).replicas()).isEqualTo(3);
        assertThat(EventStreamContract.deadLetterStream("D", "d", Duration.ofMinutes(2), 3).replicas()).isEqualTo(3);
        for (int wrong : new int[] {0, 6, -1}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> EventStreamContract.eventsStream("E", "e", Duration.ofMinutes(2), wrong))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--stream-replicas");
        }
    }
}
