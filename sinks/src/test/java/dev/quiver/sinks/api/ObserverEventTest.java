package dev.quiver.sinks.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObserverEventTest {
    private static final String ID = "4f1c2b4e-8a53-4c39-9f0e-1d2a3b4c5d6e";
    private static final Instant AT = Instant.parse("2025-03-01T12:00:00.123456Z");

    private static ObserverEvent event(String id, EventType type, String entityType, String entityId, Instant at,
                                       String data) {
        return new ObserverEvent(id, type, entityType, entityId, at, null, null, data);
    }

    @Test
    void validEventKeepsItsValuesAndAllowsMissingUserAndOrg() {
        ObserverEvent e = new ObserverEvent(ID, EventType.CREATED, "Order", "42", AT, null, null, "{\"id\":42}");

        assertThat(e.eventId()).isEqualTo(ID);
        assertThat(e.userId()).isNull();
        assertThat(e.orgId()).isNull();
        assertThat(e.occurredAt()).isEqualTo(AT);
    }

    @Test
    void occurredAtIsTruncatedToMicroseconds() {
        ObserverEvent e = event(ID, EventType.UPDATED, "Order", "42", Instant.parse("2025-03-01T12:00:00.123456789Z"), "{}");

        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00.123456Z"));
    }

    @Test
    void eventIdMustBeAUuid() {
        assertThatThrownBy(() -> event("order-42", EventType.CREATED, "Order", "42", AT, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventId")
                .hasMessageContaining("order-42");
    }

    @Test
    void eventIdIsRequired() {
        assertThatThrownBy(() -> event(null, EventType.CREATED, "Order", "42", AT, "{}"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("eventId");
    }

    @Test
    void eventTypeIsRequired() {
        assertThatThrownBy(() -> event(ID, null, "Order", "42", AT, "{}"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("eventType");
    }

    @Test
    void entityTypeMustNotBeBlank() {
        assertThatThrownBy(() -> event(ID, EventType.CREATED, " ", "42", AT, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entityType");
    }

    @Test
    void entityIdMustNotBeBlank() {
        assertThatThrownBy(() -> event(ID, EventType.CREATED, "Order", "", AT, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entityId");
    }

    @Test
    void occurredAtIsRequired() {
        assertThatThrownBy(() -> event(ID, EventType.CREATED, "Order", "42", null, "{}"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("occurredAt");
    }

    @Test
    void dataIsRequired() {
        assertThatThrownBy(() -> event(ID, EventType.CREATED, "Order", "42", AT, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("data");
    }

    @Test
    void eventTypeWireNamesRoundTrip() {
        for (EventType type : EventType.values()) {
            assertThat(EventType.fromWireName(type.wireName())).isEqualTo(type);
        }
        assertThat(EventType.DELETED.wireName()).isEqualTo("deleted");
    }

    @Test
    void unknownEventTypeIsRejected() {
        assertThatThrownBy(() -> EventType.fromWireName("Created"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_type")
                .hasMessageContaining("'Created'");
    }
}
