package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.bridge.internal.JetStreamEventSource;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fetch with a byte limit against a real JetStream consumer: the server stops before the message that would not
 * fit and ends the pull early, the next fetch goes on from there, and nothing is skipped or given twice.
 */
class JetStreamFetchBytesIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @BeforeAll
    static void natsUp() {
        SERVICES.require(ServiceName.NATS);
    }

    @Test
    void theServerStopsEachPullAtTheByteLimitAndEveryMessageComesOnce() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            run.createStreams();
            PipelineConfig pipeline = new PipelineConfig(100, Duration.ofMillis(200), 300, Duration.ofSeconds(20),
                    Duration.ofMillis(100), Duration.ofSeconds(1));
            EventStreams.ensureConsumer(run.jsm, run.streams, "bytes", pipeline);
            List<ObserverEvent> events = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                events.add(TestEvents.event(run.id, i));
            }
            run.publish(events);
            try (JetStreamEventSource source = JetStreamEventSource.bind(run.nats, run.streams, "bytes")) {
                Set<Long> sequences = new HashSet<>();
                int messageSize = 0;
                int fetches = 0;
                while (sequences.size() < events.size() && fetches++ < 40) {
                    long started = System.nanoTime();
                    EventSource.Fetched fetched = source.fetch(100, 2_000, WAIT);
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    long bytes = 0;
                    for (InboundMessage message : fetched.messages()) {
                        assertThat(sequences.add(message.streamSequence())).as("delivered once").isTrue();
                        bytes += message.size();
                        messageSize = Math.max(messageSize, message.size());
                        message.ack();
                    }
                    assertThat(bytes).as("within the limit").isLessThanOrEqualTo(2_000);
                    if (sequences.size() < events.size()) {
                        assertThat(fetched.byteLimited()).as("more waiting: the limit ended the fetch").isTrue();
                        assertThat(bytes + messageSize).as("the next message would not have fit")
                                .isGreaterThan(2_000);
                        assertThat(took).as("ended by the server, not by the wait").isLessThan(WAIT);
                    }
                }
                source.flushAcks();
                assertThat(sequences).hasSize(events.size());
                assertThat(fetches).as("the limit split the 40 messages").isGreaterThan(3);
            }
        }
    }

    @Test
    void aMessageLargerThanTheLimitComesByItselfInsteadOfBeingStuck() throws Exception {
        try (BridgeTestRun run = new BridgeTestRun(SERVICES)) {
            run.createStreams();
            EventStreams.ensureConsumer(run.jsm, run.streams, "large", new PipelineConfig(100, Duration.ofMillis(200),
                    300, Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofSeconds(1)));
            ObserverEvent small = TestEvents.event(run.id, 0);
            ObserverEvent large = new ObserverEvent(TestEvents.event(run.id, 1).eventId(), small.eventType(),
                    small.entityType(), small.entityId(), small.occurredAt(), null, null,
                    "{\"note\":\"" + "x".repeat(5_000) + "\"}");
            run.publish(List.of(large, TestEvents.event(run.id, 2), TestEvents.event(run.id, 3)));
            try (JetStreamEventSource source = JetStreamEventSource.bind(run.nats, run.streams, "large")) {
                EventSource.Fetched first = source.fetch(100, 2_000, WAIT);
                EventSource.Fetched rest = source.fetch(100, 2_000, WAIT);

                assertThat(first.messages()).hasSize(1);
                assertThat(first.messages().get(0).size()).isGreaterThan(5_000);
                assertThat(first.byteLimited()).isTrue();
                assertThat(rest.messages()).extracting(InboundMessage::streamSequence).containsExactly(2L, 3L);
                assertThat(rest.messages()).extracting(InboundMessage::deliveryCount).containsExactly(1L, 1L);
                first.messages().forEach(InboundMessage::ack);
                rest.messages().forEach(message -> message.nak(Duration.ZERO));
                source.flushAcks();

                EventSource.Fetched again = source.fetch(100, 2_000, WAIT);
                assertThat(again.messages()).as("handed back, delivered a second time")
                        .extracting(InboundMessage::streamSequence).containsExactly(2L, 3L);
                assertThat(again.messages()).extracting(InboundMessage::deliveryCount).containsExactly(2L, 2L);
                again.messages().forEach(InboundMessage::ack);
                source.flushAcks();
            }
        }
    }
}
