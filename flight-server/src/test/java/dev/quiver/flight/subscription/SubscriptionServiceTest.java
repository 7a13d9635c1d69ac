package dev.quiver.flight.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.sinks.api.EventType;
import dev.quiver.sinks.api.ObserverEvent;
import dev.quiver.sinks.api.ObserverEventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service with the feed and scheduler the composition root would give it, replaced by recording fakes. */
class SubscriptionServiceTest {
    private static final SubscriptionConfig ON = new SubscriptionConfig("nats://never-contacted:4222",
            SubscriptionConfig.DEFAULT_STREAM, SubscriptionConfig.DEFAULT_SUBJECT_PREFIX,
            SubscriptionConfig.DEFAULT_BUFFER_EVENTS, SubscriptionConfig.DEFAULT_BUFFER_BYTES,
            SubscriptionConfig.DEFAULT_BATCH_EVENTS, Duration.ofMillis(50), 1L << 20);

    private final BufferAllocator allocator = new RootAllocator();
    private final List<String> lifecycle = new ArrayList<>();

    @AfterEach
    void noMemoryLeft() {
        allocator.close();
    }

    @Test
    void withSubscriptionsOffNeitherFeedNorSchedulerIsMade() throws Exception {
        Supplier<EventFeed> noFeed = () -> {
            throw new AssertionError("a feed was made with subscriptions off");
        };
        Supplier<DeliveryScheduler> noScheduler = () -> {
            throw new AssertionError("a scheduler was made with subscriptions off");
        };

        SubscriptionService service = SubscriptionService.start(SubscriptionConfig.disabled(),
                allocator, noFeed, noScheduler);
        service.close();

        assertThat(service.stats().feed()).isEqualTo("DISABLED");
    }

    @Test
    void theFeedIsStartedWithTheFanOutAndEachMessageIsCountedOnce() throws Exception {
        RecordingFeed feed = new RecordingFeed();
        SubscriptionService service = SubscriptionService.start(ON, allocator, () -> feed,
                RecordingScheduler::new);

        feed.messages.accept("quiver.events.Order.CREATED", ObserverEventJson.encode(new ObserverEvent(
                UUID.randomUUID().toString(), EventType.CREATED, "Order", "o-1", Instant.now(), null, null, "{}")));
        feed.messages.accept("quiver.events.Order.CREATED", "not json".getBytes(StandardCharsets.UTF_8));

        SubscriptionStats stats = service.stats();
        assertThat(stats.feed()).isEqualTo("LIVE");
        assertThat(stats.receivedMessages()).isEqualTo(2);
        assertThat(stats.poisonMessages()).isEqualTo(1);
        assertThat(stats.feedResumes()).isEqualTo(3);
        service.close();
    }

    @Test
    void closeStopsTheFeedFirstAndTheSchedulerAfterIt() throws Exception {
        SubscriptionService service = SubscriptionService.start(ON, allocator, RecordingFeed::new,
                RecordingScheduler::new);

        service.close();

        assertThat(lifecycle).containsExactly("feed started", "feed closed", "scheduler closed after 5000 ms");
    }

    private final class RecordingFeed implements EventFeed {
        BiConsumer<String, byte[]> messages;

        @Override
        public void start(BiConsumer<String, byte[]> messages) {
            this.messages = messages;
            lifecycle.add("feed started");
        }

        @Override
        public State state() {
            return State.LIVE;
        }

        @Override
        public long natsSlowConsumerEvents() {
            return 0;
        }

        @Override
        public long resumes() {
            return 3;
        }

        @Override
        public void close() {
            lifecycle.add("feed closed");
        }
    }

    private final class RecordingScheduler implements DeliveryScheduler {
        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            throw new AssertionError("nothing lingers without subscribers");
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void close(long timeoutMillis) {
            lifecycle.add("scheduler closed after " + timeoutMillis + " ms");
        }
    }
}
