package dev.quiver.flight.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.flight.source.JdbcDatabase;
import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.testsupport.time.ManualClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay against the embedded database and a fake stream, driven step by step: nothing sleeps. */
class OutboxRelayTest {
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);

    private final EventsConfig config = EventsConfig.defaults().withRelay(3, Duration.ofMillis(500), Duration.ofMinutes(10));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final FakePublisher stream = new FakePublisher();
    private JdbcDatabase database;
    private OutboxStore store;
    private OutboxRelay relay;

    @BeforeEach
    void open() throws SQLException {
        database = JdbcDatabase.embedded("outbox-" + UUID.randomUUID());
        store = new OutboxStore(config);
        try (Connection connection = database.connect()) {
            store.createTable(connection);
        }
        relay = relay(stream);
    }

    @AfterEach
    void close() {
        relay.close();
        database.close();
    }

    @Test
    void publishesUnsentRowsInOrderAndMarksThemSent() throws Exception {
        List<String> ids = append(2);
        assertThat(relay.pending()).isEqualTo(2);
        assertThat(relay.relayOnce()).isEqualTo(2);
        assertThat(stream.stored).extracting(OutboxMessage::eventId).containsExactlyElementsOf(ids);
        assertThat(stream.stored.get(0).subject()).isEqualTo("quiver.events.Order.created");
        assertThat(relay.pending()).isZero();
        assertThat(relay.relayOnce()).isZero();
        assertThat(relay.published()).isEqualTo(2);
        assertThat(stream.stored).hasSize(2);
    }

    @Test
    void drainsFullBatchesWithoutWaitingThenPolls() throws Exception {
        append(5);
        assertThat(relay.step()).isEqualTo(Duration.ZERO);
        assertThat(relay.step()).isEqualTo(config.relayPoll());
        assertThat(stream.stored).hasSize(5);
    }

    @Test
    void unreachableStreamLeavesEventsPendingBacksOffAndCountsOneOutageThenPublishesAllOnce() throws Exception {
        append(4);
        stream.reachable = false;
        assertThatThrownBy(relay::relayOnce).isInstanceOf(EventPublishException.class);
        assertThat(relay.step()).isEqualTo(MIN_BACKOFF);
        assertThat(relay.step()).isEqualTo(MIN_BACKOFF.multipliedBy(2));
        assertThat(relay.step()).isEqualTo(MIN_BACKOFF.multipliedBy(4));
        assertThat(stream.publishCalls).isZero();
        assertThat(relay.pending()).isEqualTo(4);
        assertThat(relay.healthy()).isFalse();
        assertThat(relay.failures()).isEqualTo(3);
        assertThat(relay.outages()).isEqualTo(1);

        stream.reachable = true;
        relay.step();
        relay.step();
        assertThat(relay.healthy()).isTrue();
        assertThat(relay.pending()).isZero();
        assertThat(stream.stored).hasSize(4);
        assertThat(relay.duplicates()).isZero();

        stream.reachable = false;
        assertThat(relay.step()).as("backoff restarts after a recovery").isEqualTo(MIN_BACKOFF);
        assertThat(relay.outages()).isEqualTo(2);
    }

    @Test
    void theBackoffDoublesUpToItsMaximumAndStaysThere() {
        stream.reachable = false;
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(relay.step());
        }
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(1_600), Duration.ofMillis(3_200), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
    }

    @Test
    void refusesAMaximumBackoffBelowTheInitialOne() {
        assertThatThrownBy(() -> new OutboxRelay(database, store, stream, config, clock, Duration.ofSeconds(2),
                Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be below the initial wait");
    }

    @Test
    void aPartlyRefusedBatchMarksOnlyTheAcknowledgedRows() throws Exception {
        List<String> ids = append(3);
        stream.refuseEventId = ids.get(1);
        assertThatThrownBy(relay::relayOnce).isInstanceOf(EventPublishException.class).hasMessageContaining(ids.get(1));
        assertThat(relay.pending()).isEqualTo(1);
        stream.refuseEventId = null;
        assertThat(relay.relayOnce()).isEqualTo(1);
        assertThat(stream.stored).extracting(OutboxMessage::eventId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void rePublishingAfterACrashBeforeTheMarkIsDroppedAsDuplicate() throws Exception {
        append(3);
        relay.relayOnce();
        execute("UPDATE quiver_outbox SET sent_at = NULL"); // as if the relay died between publish and commit
        assertThat(relay.relayOnce()).isEqualTo(3);
        assertThat(relay.duplicates()).isEqualTo(3);
        assertThat(stream.stored).hasSize(3);
    }

    @Test
    void purgeDeletesRowsPublishedBeforeTheRetentionOnly() throws Exception {
        append(2);
        relay.relayOnce();
        append(1);
        assertThat(relay.purgeIfDue()).isZero();
        clock.advance(Duration.ofMinutes(11));
        assertThat(relay.purgeIfDue()).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM quiver_outbox")).isEqualTo(1);
        assertThat(relay.pending()).isEqualTo(1);
        append(1);
        relay.relayOnce();
        clock.advance(Duration.ofMinutes(11));
        assertThat(relay.purgeIfDue()).isEqualTo(2);
        assertThat(relay.purgeIfDue()).as("at most once per minute").isZero();
    }

    @Test
    void twoRelaysNeverClaimTheSameRows() throws Exception {
        List<String> ids = append(5);
        FakePublisher otherStream = new FakePublisher();
        try (OutboxRelay other = relay(otherStream); Connection holder = database.connect()) {
            holder.setAutoCommit(false);
            List<OutboxMessage> held = store.claim(holder, 2); // another relay is mid-batch on the first two rows
            assertThat(other.relayOnce()).isEqualTo(3);
            assertThat(otherStream.stored).extracting(OutboxMessage::eventId).containsExactlyElementsOf(ids.subList(2, 5));
            assertThat(held).extracting(OutboxMessage::eventId).containsExactlyElementsOf(ids.subList(0, 2));
            holder.rollback();
        }
        assertThat(relay.relayOnce()).isEqualTo(2);
        assertThat(stream.stored).extracting(OutboxMessage::eventId).containsExactlyElementsOf(ids.subList(0, 2));
    }

    @Test
    void metersReportTheCounters() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new OutboxRelayMetrics(relay).bindTo(registry);
        append(2);
        relay.relayOnce();
        append(1);
        stream.reachable = false;
        relay.step();
        assertThat(registry.get("quiver.outbox.published").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("quiver.outbox.failures").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("quiver.outbox.outages").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("quiver.outbox.pending").gauge().value()).isEqualTo(1);
        assertThat(registry.get("quiver.outbox.relay.healthy").gauge().value()).isZero();
    }

    private OutboxRelay relay(EventPublisher publisher) {
        return new OutboxRelay(database, store, publisher, config, clock, MIN_BACKOFF, Duration.ofSeconds(5));
    }

    private List<String> append(int events) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.connect()) {
            for (int i = 0; i < events; i++) {
                ObserverEvent event = new ObserverEvent(UUID.randomUUID().toString(), EventType.CREATED, "Order",
                        String.valueOf(i), clock.instant(), null, null, "{\"id\":\"" + i + "\"}");
                store.append(connection, event);
                ids.add(event.eventId());
            }
        }
        return ids;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
