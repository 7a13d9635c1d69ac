package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.SinkHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Poison never stalls a pipeline: what no sink can store is dead-lettered at decode, an event the sink fails on in
 * a way nobody classified is isolated and handed back alone, and a message delivered more than
 * {@link PipelineConfig#maxDeliveries()} times is dead-lettered, unless the sink is down.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a stalled pipeline loops, it never returns
class SinkPipelinePoisonTest {
    private static final String SINK = "scripted";
    private static final int MAX_DELIVERIES = 3;
    private static final PipelineConfig CONFIG = new PipelineConfig(10, Duration.ofSeconds(1), 20,
            Duration.ofSeconds(8), Duration.ofMillis(500), Duration.ofSeconds(4), 2_000, MAX_DELIVERIES);

    private final FakeTime time = new FakeTime();
    private final FakeEventSource source = new FakeEventSource(time);
    private final ScriptedSink sink = new ScriptedSink();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry(), SINK);
    private final RootAllocator allocator = new RootAllocator();
    private final SinkPipeline pipeline = new SinkPipeline(SINK, sink, source, deadLetters,
            new Deduplicator(new InMemoryDedupStore(), SINK, Duration.ofMinutes(10), Duration.ofSeconds(2), time,
                    metrics), CONFIG, metrics, time, allocator);

    @AfterEach
    void close() {
        pipeline.close();
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory left after close").isZero();
        allocator.close();
    }

    private static FakeMessage message(int number) {
        return FakeMessage.of(TestEvents.json(TestEvents.event("poison", number)), number + 1L);
    }

    private static String id(int number) {
        return TestEvents.event("poison", number).eventId();
    }

    private List<String> attemptedIds() {
        return sink.attempts().stream().flatMap(List::stream).map(ObserverEvent::eventId).distinct()
                .collect(Collectors.toList());
    }

    @Test
    void anOccurredAtNoSinkCanHoldIsDeadLetteredAndTheRestOfItsBatchIsStored() {
        String json = TestEvents.json(TestEvents.event("poison", 2)).replace("2026-01-01T00:00:00.002Z",
                "+300000-01-01T00:00:00Z");
        FakeMessage farFuture = FakeMessage.of(json, 3);
        List<FakeMessage> good = List.of(message(0), message(1), message(3));
        source.add(good.get(0), good.get(1), farFuture, good.get(2));

        pipeline.runOnce();

        assertThat(attemptedIds()).containsExactly(id(0), id(1), id(3));
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.original()).isSameAs(farFuture);
            assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.POISON);
            assertThat(letter.reason()).startsWith("occurred_at +300000-01-01T00:00:00Z is outside");
        });
        assertThat(good).allMatch(FakeMessage::acked);
        assertThat(farFuture.acked()).isTrue();
    }

    @Test
    void aMessageOverMaxEventBytesIsDeadLettered() {
        String blob = "x".repeat(CONFIG.maxEventBytes());
        FakeMessage large = FakeMessage.of(TestEvents.json(TestEvents.event("poison", 5)).replace("\"NEW\"",
                "\"" + blob + "\""), 6);
        source.add(message(0), large);

        pipeline.runOnce();

        assertThat(attemptedIds()).containsExactly(id(0));
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.POISON);
            assertThat(letter.reason()).contains("exceeds the limit of 2000 bytes (--max-event-bytes)");
        });
        assertThat(large.acked()).isTrue();
    }

    @Test
    void anEventTheSinkFailsOnUnclassifiedIsWrittenAloneAndHandedBackWhileTheOthersAreStored() {
        List<FakeMessage> batch = List.of(message(0), message(1), message(2), message(3));
        source.add(batch);
        sink.crashOn(id(2));

        pipeline.runOnce();

        assertThat(attemptedIds()).as("every event written, the suspect alone too").containsExactly(id(0), id(1), id(2),
                id(3));
        assertThat(sink.attempts().get(0)).hasSize(4);
        assertThat(batch.get(0).acked()).isTrue();
        assertThat(batch.get(1).acked()).isTrue();
        assertThat(batch.get(3).acked()).isTrue();
        assertThat(batch.get(2).naked()).as("the suspect goes back to the server, which counts its deliveries").isTrue();
        assertThat(deadLetters.letters()).isEmpty();
        assertThat(metrics.storedCount()).isEqualTo(3);
    }

    @Test
    void anEventTheSinkAlwaysFailsOnIsDeadLetteredAfterMaxDeliveriesAndThePipelineMovesOn() {
        sink.crashOn(id(1));
        List<FakeMessage> delivery = List.of(message(0), message(1), message(2));
        List<Long> deliveries = new ArrayList<>();
        List<Duration> nakDelays = new ArrayList<>();
        for (int round = 0; round < 10 && !delivery.isEmpty(); round++) {
            source.add(delivery);
            pipeline.runOnce();
            delivery.stream().filter(FakeMessage::naked).forEach(m -> nakDelays.addAll(m.nakDelays()));
            delivery = delivery.stream().filter(FakeMessage::naked).map(FakeMessage::redelivered).toList();
            delivery.forEach(m -> deliveries.add(m.deliveryCount()));
            source.add(message(10 + round)); // new events keep coming and are stored meanwhile
            pipeline.runOnce();
        }

        assertThat(deliveries).as("handed back until delivered more than --max-deliveries times")
                .containsExactly(2L, 3L, 4L);
        assertThat(nakDelays).as("redelivered after the back-off of its delivery count: 500ms, 1s, 2s")
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.MAX_DELIVERIES);
            assertThat(letter.reason()).startsWith("delivered 4 times (more than --max-deliveries 3)");
            assertThat(letter.eventId()).isEqualTo(id(1));
            assertThat(letter.original().deliveryCount()).isEqualTo(4);
            assertThat(((FakeMessage) letter.original()).acked()).isTrue();
        });
        assertThat(attemptedIds()).contains(id(0), id(2), id(10), id(11), id(12));
        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.MAX_DELIVERIES)).isEqualTo(1);
    }

    @Test
    void aMessageDeliveredTooOftenIsDeadLetteredWhileTheSinkIsUp() {
        FakeMessage tired = new FakeMessage(TestEvents.json(TestEvents.event("poison", 1))
                .getBytes(StandardCharsets.UTF_8), 2, MAX_DELIVERIES + 1);
        FakeMessage fresh = message(0);
        source.add(fresh, tired);

        pipeline.runOnce();

        assertThat(attemptedIds()).containsExactly(id(0));
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.original()).isSameAs(tired);
            assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.MAX_DELIVERIES);
            assertThat(letter.reason()).startsWith("delivered 4 times (more than --max-deliveries 3)");
        });
        assertThat(tired.acked()).isTrue();
        assertThat(fresh.acked()).isTrue();
    }

    @Test
    void aMessageDeliveredTooOftenWhileTheSinkIsDownIsNotPoisonAndIsStoredWhenItComesBack() {
        FakeMessage tired = new FakeMessage(TestEvents.json(TestEvents.event("poison", 1))
                .getBytes(StandardCharsets.UTF_8), 2, MAX_DELIVERIES + 5);
        source.add(tired);
        sink.health(SinkHealth.down("connection refused")).failRetriably(2);

        pipeline.runOnce();

        assertThat(deadLetters.letters()).isEmpty();
        assertThat(sink.attempts()).hasSize(3);
        assertThat(attemptedIds()).containsExactly(id(1));
        assertThat(tired.acked()).isTrue();
    }

    @Test
    void whenTheSinkIsDownAnUnclassifiedFailureIsNotBlamedOnTheEventAndTheBatchIsHeld() {
        FakeMessage only = message(0);
        source.add(only);
        sink.health(SinkHealth.down("connection refused")).crashOn(id(0));
        sink.onWrite(() -> {
            if (sink.attempts().size() == 3) {
                sink.crashOn("nothing");
                sink.health(SinkHealth.up("back"));
            }
        });

        pipeline.runOnce();

        assertThat(sink.attempts()).hasSize(3);
        assertThat(time.slept()).as("held with back-off 500ms + 1s").isEqualTo(Duration.ofMillis(1_500));
        assertThat(only.acked()).as("held and written once the sink was back, never handed back").isTrue();
        assertThat(deadLetters.letters()).isEmpty();
    }
}
