package dev.quiver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    private final FakeTime time = new FakeTime();
    private final InMemoryDedupStore store = new InMemoryDedupStore();
    private final BridgeMetrics metrics = new BridgeMetrics(new SimpleMeterRegistry(), "s");
    private final Deduplicator dedup = new Deduplicator(store, "s", Duration.ofMinutes(10), Duration.ofSeconds(2),
            time, metrics);

    @Test
    void reportsOnlyIdsThisSinkMarkedAsStored() {
        Deduplicator.Check first = dedup.check(List.of("a", "b"));
        assertThat(first.active()).isTrue();
        assertThat(first.stored()).isEmpty();

        dedup.markStored(first, List.of("a"));

        assertThat(dedup.check(List.of("a", "b")).stored()).containsExactly("a");
        assertThat(new Deduplicator(store, "other", Duration.ofMinutes(10), Duration.ofSeconds(2), time, metrics)
                .check(List.of("a")).stored()).isEmpty();
    }

    @Test
    void aFailedLookupTurnsDedupOffUntilTheRetryIntervalPassed() {
        store.unavailable(true);

        Deduplicator.Check off = dedup.check(List.of("a"));

        assertThat(off.active()).isFalse();
        assertThat(off.stored()).isEmpty();
        assertThat(dedup.isActive()).isFalse();
        assertThat(metrics.dedupEnabled()).isFalse();

        store.unavailable(false);
        time.advance(Duration.ofMillis(1_999));
        assertThat(dedup.check(List.of("a")).active()).as("still within --dedup-retry").isFalse();
        assertThat(store.calls()).hasSize(1);

        time.advance(Duration.ofMillis(1));
        assertThat(dedup.check(List.of("a")).active()).isTrue();
        assertThat(metrics.dedupEnabled()).isTrue();
        assertThat(metrics.dedupDisabledCount()).isEqualTo(2);
    }

    @Test
    void marksFromABatchCheckedWhileOffAreSkipped() {
        store.unavailable(true);
        Deduplicator.Check off = dedup.check(List.of("a"));
        store.unavailable(false);

        dedup.markStored(off, List.of("a"));

        assertThat(store.contains("s", "a")).isFalse();
        assertThat(store.calls()).containsExactly("stored");
    }

    @Test
    void aFailedMarkTurnsDedupOffWithoutFailingTheBatch() {
        Deduplicator.Check on = dedup.check(List.of("a"));
        store.unavailable(true);

        dedup.markStored(on, List.of("a"));

        assertThat(dedup.isActive()).isFalse();
        assertThat(metrics.dedupEnabled()).isFalse();
    }

    @Test
    void withoutAStoreDedupIsOffAndNothingIsCountedAsAnOutage() {
        Deduplicator none = new Deduplicator(null, "s", Duration.ofMinutes(10), Duration.ofSeconds(2), time, metrics);

        assertThat(none.check(List.of("a")).active()).isFalse();
        assertThat(none.isActive()).isFalse();
        assertThat(metrics.dedupDisabledCount()).isZero();
    }
}
