package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.SinkException;
import dev.quiver.sinks.api.WriteResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SinkPipelineTest {
    private static final String SINK = "scripted";
    private static final PipelineConfig CONFIG = new PipelineConfig(10, Duration.ofSeconds(1), 20,
            Duration.ofSeconds(8), Duration.ofMillis(500), Duration.ofSeconds(4));

    private final FakeTime time = new FakeTime();
    private final FakeEventSource source = new FakeEventSource(time);
    private final ScriptedSink sink = new ScriptedSink();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final InMemoryDedupStore store = new InMemoryDedupStore();
    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry(), SINK);
    private final RootAllocator allocator = new RootAllocator();
    private SinkPipeline pipeline = pipeline(store);

    @AfterEach
    void close() {
        pipeline.close();
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory left after close").isZero();
        allocator.close();
    }

    private SinkPipeline pipeline(DedupStore dedupStore) {
        Deduplicator dedup = new Deduplicator(dedupStore, SINK, Duration.ofMinutes(10), Duration.ofSeconds(2), time,
                metrics);
        return new SinkPipeline(SINK, sink, source, deadLetters, dedup, CONFIG, metrics, time, allocator);
    }

    private static List<FakeMessage> messages(int from, int count) {
        List<FakeMessage> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            messages.add(FakeMessage.of(TestEvents.json(TestEvents.event("unit", i)), i + 1L));
        }
        return messages;
    }

    /** As {@link #messages}, each event's data padded with a note of {@code padding} characters. */
    private static List<FakeMessage> largeMessages(int from, int count, int padding) {
        List<FakeMessage> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ObserverEvent small = TestEvents.event("unit", i);
            ObserverEvent large = new ObserverEvent(small.eventId(), small.eventType(), small.entityType(),
                    small.entityId(), small.occurredAt(), small.userId(), small.orgId(),
                    "{\"id\":" + i + ",\"note\":\"" + "x".repeat(padding) + "\"}");
            messages.add(FakeMessage.of(TestEvents.json(large), i + 1L));
        }
        return messages;
    }

    private static List<String> ids(List<ObserverEvent> events) {
        return events.stream().map(ObserverEvent::eventId).collect(Collectors.toList());
    }

    private static List<String> idsOf(int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add(TestEvents.event("unit", i).eventId());
        }
        return ids;
    }

    @Test
    void aFullBatchIsWrittenAtBatchSizeWithoutWaitingForTheTimer() {
        source.add(messages(0, 25));

        assertThat(pipeline.runOnce()).isEqualTo(10);
        assertThat(pipeline.runOnce()).isEqualTo(10);

        assertThat(sink.attempts()).extracting(List::size).containsExactly(10, 10);
        assertThat(ids(sink.attempts().get(0))).isEqualTo(idsOf(0, 10));
        assertThat(time.nanoTime()).as("no waiting while messages are there").isEqualTo(new FakeTime().nanoTime());
        assertThat(source.remaining()).isEqualTo(5);
    }

    @Test
    void aBatchIsWrittenOnceItsMessagesHoldBatchBytesWithoutWaitingForTheTimer() {
        List<FakeMessage> batch = largeMessages(0, 10, 500);
        int size = batch.get(0).size();
        pipeline.close();
        PipelineConfig byBytes = new PipelineConfig(10, Duration.ofSeconds(1), 20, Duration.ofSeconds(8),
                Duration.ofMillis(500), Duration.ofSeconds(4), PipelineConfig.DEFAULT_MAX_EVENT_BYTES,
                PipelineConfig.DEFAULT_MAX_DELIVERIES, 3L * size + size / 2);
        pipeline = new SinkPipeline(SINK, sink, source, deadLetters, new Deduplicator(store, SINK,
                Duration.ofMinutes(10), Duration.ofSeconds(2), time, metrics), byBytes, metrics, time, allocator);
        source.add(batch);
        long before = time.nanoTime();

        assertThat(pipeline.runOnce()).isEqualTo(3);
        assertThat(pipeline.runOnce()).isEqualTo(3);

        assertThat(sink.attempts()).extracting(List::size).containsExactly(3, 3);
        assertThat(ids(sink.attempts().get(1))).isEqualTo(idsOf(3, 3));
        assertThat(time.nanoTime()).as("a batch full by bytes does not wait for the timer").isEqualTo(before);
        assertThat(source.fetchBytes()).as("each fetch asks for the bytes the batch still has room for")
                .containsExactly(byBytes.batchBytes(), byBytes.batchBytes());
    }

    @Test
    void aMessageLargerThanBatchBytesIsAWholeBatchOfItsOwn() {
        pipeline.close();
        List<FakeMessage> batch = largeMessages(0, 3, 2_000);
        PipelineConfig tiny = new PipelineConfig(10, Duration.ofSeconds(1), 20, Duration.ofSeconds(8),
                Duration.ofMillis(500), Duration.ofSeconds(4), PipelineConfig.DEFAULT_MAX_EVENT_BYTES,
                PipelineConfig.DEFAULT_MAX_DELIVERIES, 1024);
        assertThat(batch.get(0).size()).isGreaterThan(1024);
        pipeline = new SinkPipeline(SINK, sink, source, deadLetters, new Deduplicator(store, SINK,
                Duration.ofMinutes(10), Duration.ofSeconds(2), time, metrics), tiny, metrics, time, allocator);
        source.add(batch);

        assertThat(pipeline.runOnce()).isEqualTo(1);
        assertThat(pipeline.runOnce()).isEqualTo(1);
        assertThat(pipeline.runOnce()).isEqualTo(1);

        assertThat(sink.attempts()).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void aPartialBatchIsWrittenWhenItsFirstMessageHasWaitedBatchTime() {
        source.perFetchLimit(3);
        source.add(messages(0, 3));
        long before = time.nanoTime();

        assertThat(pipeline.runOnce()).isEqualTo(3);

        assertThat(sink.attempts()).extracting(List::size).containsExactly(3);
        assertThat(Duration.ofNanos(time.nanoTime() - before)).isEqualTo(CONFIG.batchTime());
        assertThat(source.fetchSizes()).as("each fetch asks only for what the batch still lacks").containsExactly(10, 7);
    }

    @Test
    void anIdleRoundWritesNothingAndWaitsAtMostBatchTime() {
        long before = time.nanoTime();

        assertThat(pipeline.runOnce()).isZero();

        assertThat(sink.attempts()).isEmpty();
        assertThat(Duration.ofNanos(time.nanoTime() - before)).isEqualTo(CONFIG.batchTime());
    }

    @Test
    void messagesAreAcknowledgedOnlyAfterTheWriteReturned() {
        List<FakeMessage> batch = messages(0, 10);
        source.add(batch);
        AtomicBoolean anySettledDuringWrite = new AtomicBoolean();
        sink.onWrite(() -> anySettledDuringWrite.set(batch.stream().anyMatch(m -> !m.unsettled())));

        pipeline.runOnce();

        assertThat(anySettledDuringWrite).as("a message was settled while the sink was writing").isFalse();
        assertThat(batch).allMatch(FakeMessage::acked);
        assertThat(source.flushes()).as("acknowledgements flushed").isPositive();
        assertThat(metrics.storedCount()).isEqualTo(10);
        assertThat(metrics.inFlight()).isZero();
        assertThat(metrics.maxInFlight()).isEqualTo(10);
    }

    @Test
    void aRetriableFailureHoldsTheBatchUnacknowledgedAndRetriesTheSameEventsWithBackoff() {
        List<FakeMessage> batch = messages(0, 10);
        source.add(batch);
        List<Boolean> settledPerAttempt = new ArrayList<>();
        sink.onWrite(() -> settledPerAttempt.add(batch.stream().anyMatch(m -> !m.unsettled())));
        sink.failRetriably(3);

        pipeline.runOnce();

        assertThat(sink.attempts()).hasSize(4);
        assertThat(sink.attempts()).allSatisfy(attempt -> assertThat(ids(attempt)).isEqualTo(idsOf(0, 10)));
        assertThat(settledPerAttempt).containsOnly(false);
        assertThat(time.slept()).as("back-off 500ms + 1s + 2s").isEqualTo(Duration.ofMillis(3_500));
        assertThat(batch).allMatch(FakeMessage::acked);
        assertThat(metrics.failedCount()).isEqualTo(30);
        assertThat(metrics.storedCount()).isEqualTo(10);
        assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
        assertThat(pipeline.lastError()).isNull();
    }

    /**
     * The pipeline is the bridge's one retry layer, so it counts the retries ({@code quiver_bridge_sink_retries_total},
     * which the chaos suite reads): writes that reached the sink and failed retriably, not an open breaker's refusals.
     */
    @Test
    void theRetriesMetricCountsWritesThatReachedTheSinkNotBreakerRefusals() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        pipeline.close();
        pipeline = new SinkPipeline(SINK, sink, source, deadLetters, new Deduplicator(store, SINK,
                Duration.ofMinutes(10), Duration.ofSeconds(2), time, metrics), CONFIG,
                new BridgeMetrics(registry, SINK), time, allocator);
        source.add(messages(0, 10));
        CallNotPermittedException open = CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults(SINK));
        sink.failRetriably(2).then(batch -> {
            throw SinkException.retriable(SINK, open.getMessage(), open);
        });

        pipeline.runOnce();

        assertThat(sink.attempts()).hasSize(4);
        assertThat(registry.get("quiver.bridge.sink.retries").tag("sink", SINK).counter().count()).isEqualTo(2);
    }

    @Test
    void aLongRetryTellsTheServerTheMessagesAreStillInProgress() {
        List<FakeMessage> batch = messages(0, 10);
        source.add(batch);
        sink.failRetriably(6); // back-off 0.5 + 1 + 2 + 4 + 4 + 4 s, ack wait 8 s

        pipeline.runOnce();

        assertThat(batch).allSatisfy(m -> assertThat(m.inProgressCount()).isGreaterThanOrEqualTo(3));
        assertThat(batch).allMatch(FakeMessage::acked);
    }

    @Test
    void aPermanentFailureDeadLettersTheWholeBatchWithTheReasonAndAcknowledgesIt() {
        List<FakeMessage> batch = messages(0, 4);
        source.add(batch);
        sink.then(events -> {
            throw SinkException.permanent("scripted", "table has another schema", null);
        });

        pipeline.runOnce();

        assertThat(sink.attempts()).hasSize(1);
        assertThat(deadLetters.letters()).hasSize(4).allSatisfy(letter -> {
            assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.BATCH_FAILED);
            assertThat(letter.reason()).contains("table has another schema");
            assertThat(letter.eventId()).isNotNull();
        });
        assertThat(batch).allMatch(FakeMessage::acked);
        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.BATCH_FAILED)).isEqualTo(4);
        assertThat(store.contains(SINK, idsOf(0, 1).get(0))).as("a dead-lettered id is not marked stored").isFalse();
    }

    @Test
    void poisonGoesToTheDeadLetterStreamBeforeItIsAcknowledgedAndValidEventsAreWritten() {
        List<FakeMessage> valid = messages(0, 3);
        FakeMessage notJson = FakeMessage.of("{oops", 100);
        FakeMessage missingField = FakeMessage.of("{\"event_id\":\"x\"}", 101);
        source.add(valid.get(0), notJson, valid.get(1), missingField, valid.get(2));
        List<Boolean> poisonSettledAtPublish = new ArrayList<>();
        deadLetters.onPublish(() -> poisonSettledAtPublish.add(!notJson.unsettled() || !missingField.unsettled()));

        pipeline.runOnce();

        assertThat(ids(sink.attempts().get(0))).isEqualTo(idsOf(0, 3));
        assertThat(deadLetters.letters()).extracting(DeadLetter::original).containsExactly(notJson, missingField);
        assertThat(deadLetters.letters()).allSatisfy(letter -> {
            assertThat(letter.cause()).isEqualTo(DeadLetter.Cause.POISON);
            assertThat(letter.sink()).isEqualTo(SINK);
        });
        assertThat(deadLetters.letters().get(0).reason()).contains("invalid JSON");
        assertThat(deadLetters.letters().get(1).reason()).contains("missing field");
        assertThat(poisonSettledAtPublish).containsExactly(false);
        assertThat(notJson.acked()).isTrue();
        assertThat(missingField.acked()).isTrue();
        assertThat(valid).allMatch(FakeMessage::acked);
        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.POISON)).isEqualTo(2);
    }

    @Test
    void rejectedEventsAreDeadLetteredAndOnlyTheStoredOnesAreMarked() {
        List<FakeMessage> batch = messages(0, 5);
        source.add(batch);
        List<String> ids = idsOf(0, 5);
        sink.then(events -> new WriteResult(3, List.of(
                new WriteResult.Rejection(1, ids.get(1), "mapper_parsing_exception: data.total"),
                new WriteResult.Rejection(3, ids.get(3), "document too large"))));

        pipeline.runOnce();

        assertThat(deadLetters.letters()).extracting(DeadLetter::eventId).containsExactly(ids.get(1), ids.get(3));
        assertThat(deadLetters.letters()).extracting(DeadLetter::reason)
                .containsExactly("mapper_parsing_exception: data.total", "document too large");
        assertThat(deadLetters.letters()).allMatch(letter -> letter.cause() == DeadLetter.Cause.REJECTED);
        assertThat(batch).allMatch(FakeMessage::acked);
        assertThat(store.contains(SINK, ids.get(0))).isTrue();
        assertThat(store.contains(SINK, ids.get(1))).isFalse();
        assertThat(store.contains(SINK, ids.get(3))).isFalse();
        assertThat(metrics.storedCount()).isEqualTo(3);
        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.REJECTED)).isEqualTo(2);
    }

    @Test
    void whenTheDeadLetterStreamFailsThoseMessagesAreHandedBackAndTheStoredOnesAcknowledged() {
        List<FakeMessage> valid = messages(0, 2);
        FakeMessage poison = FakeMessage.of("[]", 50);
        source.add(valid.get(0), poison, valid.get(1));
        deadLetters.failing(true);

        pipeline.runOnce();

        assertThat(poison.naked()).isTrue();
        assertThat(valid).allMatch(FakeMessage::acked);
        assertThat(metrics.deadLetteredCount(DeadLetter.Cause.POISON)).isZero();
        assertThat(pipeline.lastError()).contains("dead-letter");
    }

    @Test
    void idsTheSinkAlreadyStoredAreSkippedButAcknowledged() {
        List<FakeMessage> batch = messages(0, 4);
        source.add(batch);
        List<String> ids = idsOf(0, 4);
        store.preload(SINK, ids.get(0));
        store.preload(SINK, ids.get(2));
        store.preload("other-sink", ids.get(1));

        pipeline.runOnce();

        assertThat(ids(sink.attempts().get(0))).containsExactly(ids.get(1), ids.get(3));
        assertThat(batch).allMatch(FakeMessage::acked);
        assertThat(metrics.dedupHitCount()).isEqualTo(2);
    }

    @Test
    void anIdTwiceInOneBatchIsWrittenOnceAndBothMessagesAcknowledged() {
        FakeMessage first = messages(0, 1).get(0);
        FakeMessage again = new FakeMessage(first.data(), 2);
        source.add(first, again);

        pipeline.runOnce();

        assertThat(sink.attempts()).hasSize(1);
        assertThat(sink.attempts().get(0)).hasSize(1);
        assertThat(first.acked()).isTrue();
        assertThat(again.acked()).isTrue();
        assertThat(metrics.dedupHitCount()).isEqualTo(1);
    }

    @Test
    void idsAreLookedUpBeforeTheWriteAndMarkedOnlyAfterIt() {
        source.add(messages(0, 3));
        List<String> callsAtWrite = new ArrayList<>();
        sink.onWrite(() -> callsAtWrite.addAll(store.calls()));

        pipeline.runOnce();

        assertThat(callsAtWrite).containsExactly("stored");
        assertThat(store.calls()).containsExactly("stored", "mark");
        assertThat(idsOf(0, 3)).allMatch(id -> store.contains(SINK, id));
    }

    @Test
    void aFailedWriteMarksNothingSoARedeliveryIsWrittenAgain() {
        List<FakeMessage> batch = messages(0, 3);
        source.add(batch);
        sink.failRetriably(1);
        List<Boolean> markedAtFailure = new ArrayList<>();
        sink.onWrite(() -> markedAtFailure.add(store.contains(SINK, idsOf(0, 1).get(0))));

        pipeline.runOnce();

        assertThat(markedAtFailure).containsExactly(false, false);
        assertThat(store.contains(SINK, idsOf(0, 1).get(0))).isTrue();
    }

    @Test
    void whenRedisIsDownEveryEventIsWrittenAndDedupComesBackOnByItself() {
        store.preload(SINK, idsOf(0, 1).get(0));
        store.unavailable(true);
        source.add(messages(0, 2));

        pipeline.runOnce();

        assertThat(sink.attempts().get(0)).as("written without de-duplication").hasSize(2);
        assertThat(metrics.dedupEnabled()).isFalse();
        assertThat(metrics.dedupDisabledCount()).isEqualTo(1);

        source.add(messages(2, 2));
        pipeline.runOnce();
        assertThat(store.calls()).as("Redis is not asked again before --dedup-retry").containsExactly("stored");
        assertThat(metrics.dedupDisabledCount()).isEqualTo(2);

        store.unavailable(false);
        time.advance(Duration.ofSeconds(2));
        source.add(messages(0, 1));
        pipeline.runOnce();

        assertThat(metrics.dedupEnabled()).isTrue();
        assertThat(sink.attempts()).as("the stored id is skipped again").hasSize(2);
        assertThat(metrics.dedupHitCount()).isEqualTo(1);
    }

    @Test
    void withoutADedupStoreEveryEventIsWritten() {
        pipeline.close();
        pipeline = pipeline(null);
        store.preload(SINK, idsOf(0, 1).get(0));
        source.add(messages(0, 2));

        pipeline.runOnce();

        assertThat(sink.attempts().get(0)).hasSize(2);
        assertThat(metrics.dedupEnabled()).isFalse();
        assertThat(metrics.dedupDisabledCount()).as("switched off is not an outage").isZero();
    }

    @Test
    void stoppingWhileTheSinkFailsHandsTheBatchBackInsteadOfAcknowledging() {
        List<FakeMessage> batch = messages(0, 5);
        source.add(batch);
        sink.failRetriably(100);
        sink.onWrite(() -> {
            if (sink.attempts().size() == 3) {
                pipeline.stop();
            }
        });

        pipeline.runOnce();

        assertThat(sink.attempts()).hasSize(3);
        assertThat(batch).allMatch(FakeMessage::naked);
        assertThat(metrics.storedCount()).isZero();
        assertThat(metrics.inFlight()).isZero();
    }

    @Test
    void stoppingWritesAndAcknowledgesTheBatchInHandThenClosesSourceBeforeSink() {
        source.perFetchLimit(2);
        List<FakeMessage> inHand = messages(0, 4);
        source.add(inHand);
        source.add(messages(4, 4));
        source.afterFetch(fetches -> {
            if (fetches == 2) {
                pipeline.stop();
            }
        });
        List<Boolean> sourceClosedWhenSinkCloses = new ArrayList<>();
        sink.onClose(() -> sourceClosedWhenSinkCloses.add(source.closed()));

        assertThat(pipeline.runOnce()).isEqualTo(4);
        pipeline.close();

        assertThat(sink.attempts()).hasSize(1);
        assertThat(ids(sink.attempts().get(0))).isEqualTo(idsOf(0, 4));
        assertThat(inHand).allMatch(FakeMessage::acked);
        assertThat(source.remaining()).as("nothing fetched after the stop").isEqualTo(4);
        assertThat(sourceClosedWhenSinkCloses).containsExactly(true);
    }

    @Test
    void theSinkIsStartedBeforeConsuming() {
        assertThat(pipeline.startSink()).isTrue();
        assertThat(sink.started()).isTrue();
    }

    @Test
    void aSinkThatCannotStartYetIsRetriedAndOneThatNeverCanFailsThePipeline() {
        ScriptedStartSink flaky = new ScriptedStartSink(2, true);
        SinkPipeline retrying = new SinkPipeline(SINK, flaky, source, deadLetters, new Deduplicator(null, SINK,
                Duration.ofMinutes(1), Duration.ofSeconds(1), time, metrics), CONFIG, metrics, time, allocator);
        assertThat(retrying.startSink()).isTrue();
        assertThat(flaky.attempts()).isEqualTo(3);
        assertThat(time.slept()).as("back-off 500ms + 1s").isEqualTo(Duration.ofMillis(1_500));
        retrying.close();

        ScriptedStartSink broken = new ScriptedStartSink(1, false);
        SinkPipeline failing = new SinkPipeline(SINK, broken, source, deadLetters, new Deduplicator(null, SINK,
                Duration.ofMinutes(1), Duration.ofSeconds(1), time, metrics), CONFIG, metrics, time, allocator);
        assertThat(failing.startSink()).isFalse();
        assertThat(failing.state()).isEqualTo(PipelineState.FAILED);
        assertThat(failing.lastError()).contains("bad credentials");
        failing.close();
    }

    /** A sink whose start fails a number of times, retriably or for good. */
    private static final class ScriptedStartSink implements dev.quiver.sinks.api.Sink {
        private final int failures;
        private final boolean retriable;
        private int attempts;

        ScriptedStartSink(int failures, boolean retriable) {
            this.failures = failures;
            this.retriable = retriable;
        }

        int attempts() {
            return attempts;
        }

        @Override
        public String name() {
            return SINK;
        }

        @Override
        public void start() throws SinkException {
            attempts++;
            if (attempts <= failures) {
                throw retriable ? SinkException.retriable(SINK, "connection refused", null)
                        : SinkException.permanent(SINK, "bad credentials", null);
            }
        }

        @Override
        public WriteResult write(org.apache.arrow.vector.VectorSchemaRoot batch) {
            return WriteResult.allStored(batch.getRowCount());
        }

        @Override
        public dev.quiver.sinks.api.SinkHealth health() {
            return dev.quiver.sinks.api.SinkHealth.up(SINK);
        }

        @Override
        public void close() {
        }
    }
}
