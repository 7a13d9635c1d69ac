package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.ObserverEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on its own threads: the next batch is fetched while the sink writes the current one. The sink
 * blocks on a latch, so every state is observed while it is held; waits are bounded and nothing sleeps for a
 * fixed time.
 */
class SinkPipelineOverlapTest {
    private static final String SINK = "scripted";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PipelineConfig CONFIG = new PipelineConfig(4, Duration.ofSeconds(1), 8,
            Duration.ofSeconds(8), Duration.ofMillis(500), Duration.ofSeconds(4));

    private final FakeTime time = new FakeTime();
    private final QueuedSource source = new QueuedSource(time);
    private final ScriptedSink sink = new ScriptedSink();
    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry(), SINK);
    private final RootAllocator allocator = new RootAllocator();
    private final CountDownLatch firstWriteEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    private final SinkPipeline pipeline = new SinkPipeline(SINK, sink, source, new RecordingDeadLetters(),
            new Deduplicator(new InMemoryDedupStore(), SINK, Duration.ofMinutes(10), Duration.ofSeconds(2), time,
                    metrics), CONFIG, metrics, time, allocator);

    SinkPipelineOverlapTest() {
        sink.onWrite(() -> {
            if (sink.attempts().size() == 1) {
                firstWriteEntered.countDown();
                await(releaseFirstWrite);
            }
        });
    }

    @AfterEach
    void close() {
        releaseFirstWrite.countDown();
        pipeline.close();
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory left after close").isZero();
        allocator.close();
    }

    @Test
    void theNextBatchIsFetchedDuringTheWriteAndEachIsAcknowledgedOnlyAfterItsOwnWrite() throws Exception {
        List<FakeMessage> first = messages(0, 4);
        List<FakeMessage> second = messages(4, 4);
        source.deliver(first);
        source.deliver(second);

        pipeline.start();
        assertThat(firstWriteEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        waitUntil(() -> source.delivered() == 2);

        assertThat(first).as("written but the write has not returned").allMatch(FakeMessage::unsettled);
        assertThat(second).as("prefetched, not yet written").allMatch(FakeMessage::unsettled);
        assertThat(metrics.inFlight()).isEqualTo(8);

        releaseFirstWrite.countDown();
        waitUntil(() -> second.stream().allMatch(FakeMessage::acked));

        assertThat(first).allMatch(FakeMessage::acked);
        assertThat(sink.attempts()).extracting(SinkPipelineOverlapTest::ids)
                .containsExactly(idsOf(0, 4), idsOf(4, 4));
        assertThat(metrics.storedCount()).isEqualTo(8);
    }

    @Test
    void stoppingWritesTheBatchInHandAndHandsThePrefetchedOneBack() throws Exception {
        List<FakeMessage> first = messages(0, 4);
        List<FakeMessage> second = messages(4, 4);
        source.deliver(first);
        source.deliver(second);
        pipeline.start();
        assertThat(firstWriteEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        waitUntil(() -> source.delivered() == 2);

        pipeline.stop();
        releaseFirstWrite.countDown();
        assertThat(pipeline.awaitStopped(WAIT)).isTrue();

        assertThat(first).as("the batch in hand is finished").allMatch(FakeMessage::acked);
        assertThat(second).as("the prefetched batch goes back to the server").allMatch(FakeMessage::naked);
        assertThat(sink.attempts()).hasSize(1);
        assertThat(metrics.inFlight()).isZero();
        assertThat(pipeline.state()).isEqualTo(PipelineState.STOPPED);
    }

    private static List<FakeMessage> messages(int from, int count) {
        List<FakeMessage> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            messages.add(FakeMessage.of(TestEvents.json(TestEvents.event("overlap", i)), i + 1L));
        }
        return messages;
    }

    private static List<String> ids(List<ObserverEvent> events) {
        return events.stream().map(ObserverEvent::eventId).collect(Collectors.toList());
    }

    private static List<String> idsOf(int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add(TestEvents.event("overlap", i).eventId());
        }
        return ids;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + WAIT).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /**
     * Hands out whole deliveries, one per fetch, from a real queue; with nothing queued a fetch waits a few real
     * milliseconds, then moves the fake clock by its whole wait and returns nothing, as an expiring pull would.
     */
    private static final class QueuedSource implements EventSource {
        private final FakeTime time;
        private final BlockingQueue<List<FakeMessage>> deliveries = new LinkedBlockingQueue<>();
        private volatile int delivered;

        QueuedSource(FakeTime time) {
            this.time = time;
        }

        void deliver(List<FakeMessage> messages) {
            deliveries.add(messages);
        }

        int delivered() {
            return delivered;
        }

        @Override
        public List<InboundMessage> fetch(int max, Duration maxWait) {
            try {
                List<FakeMessage> next = deliveries.poll(5, TimeUnit.MILLISECONDS);
                if (next == null) {
                    time.advance(maxWait);
                    return List.of();
                }
                delivered++;
                return new ArrayList<>(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }

        @Override
        public void flushAcks() {
        }

        @Override
        public void close() {
        }
    }
}
