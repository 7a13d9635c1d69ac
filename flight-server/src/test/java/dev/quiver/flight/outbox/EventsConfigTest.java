package dev.quiver.flight.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.ServerArgs;
import dev.quiver.sinks.api.EventStreamContract;
import dev.quiver.sinks.api.EventType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EventsConfigTest {
    @Test
    void defaultsPublishToLocalNatsOnQuiverEvents() {
        EventsConfig config = ServerArgs.parse().events();
        assertThat(config).isEqualTo(EventsConfig.defaults());
        assertThat(config.natsUrl()).isEqualTo("nats://127.0.0.1:4222");
        assertThat(config.stream()).isEqualTo("QUIVER_EVENTS");
        assertThat(config.subject("Order", EventType.DELETED)).isEqualTo("quiver.events.Order.deleted");
        assertThat(config.streamSubjects()).isEqualTo("quiver.events.>");
        assertThat(config.relayEnabled()).isTrue();
    }

    @Test
    void theRelayCreatesTheContractsEventsStreamWithTheBridgesDefaultWindow() {
        EventStreamContract.StreamSpec spec = EventsConfig.defaults().withStream("S_1", "t1.ev").eventsStream();
        assertThat(spec).isEqualTo(EventStreamContract.eventsStream("S_1", "t1.ev", EventStreamContract.DUPLICATE_WINDOW));
        assertThat(spec.subjects()).isEqualTo("t1.ev.>");
        assertThat(spec.duplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.allowAtomicPublish()).isTrue();
    }

    @Test
    void noRelayTurnsTheRelayOff() {
        assertThat(ServerArgs.parse("--no-relay").events().relayEnabled()).isFalse();
        assertThat(EventsConfig.relayOff().relayEnabled()).isFalse();
    }

    @Test
    void readsEverySetting() {
        EventsConfig config = ServerArgs.parse("--nats-url", "nats://nats.example:4222", "--events-stream", "S_1",
                "--events-subject-prefix", "t1.ev", "--relay-batch", "10", "--relay-poll", "50ms", "--outbox-retention",
                "0", "--stream-replicas", "3").events();
        assertThat(config).isEqualTo(new EventsConfig("nats://nats.example:4222", "S_1", "t1.ev", 10, Duration.ofMillis(50),
                Duration.ZERO, 3));
        assertThat(config.eventsStream().replicas()).isEqualTo(3);
        assertThat(config.subject("User", EventType.CREATED)).isEqualTo("t1.ev.User.created");
    }

    @Test
    void refusesBadValuesNamingTheFlag() {
        assertRefused("nats-url", "http://x", "--nats-url");
        assertRefused("events-stream", "A.B", "--events-stream");
        assertRefused("events-subject-prefix", "quiver.*", "--events-subject-prefix");
        assertRefused("events-subject-prefix", "quiver..events", "--events-subject-prefix");
        assertRefused("relay-batch", "0", "--relay-batch");
        assertRefused("relay-batch", "many", "--relay-batch");
        assertRefused("relay-poll", "1ms", "--relay-poll");
        assertRefused("outbox-retention", "-1", "--outbox-retention");
    }

    private static void assertRefused(String flag, String value, String messagePart) {
        assertThatThrownBy(() -> ServerArgs.parse("--" + flag, value))
                .isInstanceOfAny(IllegalArgumentException.class, CommandLine.ParameterException.class)
                .hasMessageContaining(messagePart);
    }
}
