package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real threads, but every wait is on a queue or latch with a bound: nothing sleeps for a fixed time. */
class BatchPrefetcherTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration STOP_CHECK = Duration.ofMillis(10);

    /** Batches the filler hands out, one per fill; an empty queue makes the filler wait a little and return null. */
    private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger fills = new AtomicInteger();
    private final List<String> handedBack = new CopyOnWriteArrayList<>();
    private final BatchPrefetcher<String> prefetcher = new BatchPrefetcher<>(this::fill, handedBack::add, STOP_CHECK);

    private String fill() {
        try {
            String batch = ready.poll(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
            if (batch != null) {
                fills.incrementAndGet();
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        assertThat(prefetcher.stop(WAIT)).as("the filling thread ends").isTrue();
    }

    @Test
    void batchesAreTakenInTheOrderTheyWereFilled() throws InterruptedException {
        ready.addAll(List.of("b1", "b2", "b3"));
        prefetcher.start("test-fetch");

        assertThat(prefetcher.take(WAIT)).isEqualTo("b1");
        assertThat(prefetcher.take(WAIT)).isEqualTo("b2");
        assertThat(prefetcher.take(WAIT)).isEqualTo("b3");
        assertThat(handedBack).isEmpty();
    }

    @Test
    void atMostOneBatchIsFilledAheadOfTheConsumer() throws InterruptedException {
        ready.addAll(List.of("b1", "b2", "b3", "b4"));
        prefetcher.start("test-fetch");

        assertThat(prefetcher.take(WAIT)).isEqualTo("b1");
        waitUntil(() -> fills.get() == 2);
        // b2 is filled and waits for the consumer: b3 is not fetched until b2 is taken
        assertThat(ready).containsExactly("b3", "b4");
        assertThat(prefetcher.take(WAIT)).isEqualTo("b2");
        waitUntil(() -> fills.get() == 3);
        assertThat(fills.get()).isEqualTo(3);
        assertThat(ready).containsExactly("b4");
    }

    @Test
    void aFilledBatchNobodyTookIsHandedBackOnStop() throws InterruptedException {
        ready.addAll(List.of("b1", "b2"));
        prefetcher.start("test-fetch");
        assertThat(prefetcher.take(WAIT)).isEqualTo("b1");
        waitUntil(() -> fills.get() == 2);

        assertThat(prefetcher.stop(WAIT)).isTrue();

        assertThat(handedBack).containsExactly("b2");
        assertThat(prefetcher.take(Duration.ZERO)).as("nothing left to take after the stop").isNull();
    }

    @Test
    void stoppingWithNothingFilledHandsNothingBack() throws InterruptedException {
        prefetcher.start("test-fetch");

        assertThat(prefetcher.take(STOP_CHECK)).isNull();
        assertThat(prefetcher.stop(WAIT)).isTrue();

        assertThat(handedBack).isEmpty();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + WAIT).isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
