package dev.quiver.sinks.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryIntervalsTest {

    private static long[] firstFive(IntervalFunction intervals) {
        return IntStream.rangeClosed(1, 5).mapToLong(intervals::apply).toArray();
    }

    @Test
    void startsAtTheInitialWaitAndDoublesUpToTheMaximum() {
        assertThat(firstFive(RetryIntervals.doubling(Duration.ofMillis(500), Duration.ofSeconds(3))))
                .containsExactly(500, 1_000, 2_000, 3_000, 3_000);
        assertThat(firstFive(RetryIntervals.doubling(Duration.ofMillis(100), Duration.ofMillis(500))))
                .containsExactly(100, 200, 400, 500, 500);
    }

    @Test
    void aMaximumEqualToTheStartIsAFixedWait() {
        assertThat(firstFive(RetryIntervals.doubling(Duration.ofSeconds(1), Duration.ofSeconds(1))))
                .containsOnly(1_000L);
    }

    @Test
    void anEndlessRetryStaysAtTheMaximum() {
        IntervalFunction intervals = RetryIntervals.doubling(Duration.ofMillis(1), Duration.ofMinutes(1));

        assertThat(intervals.apply(64)).isEqualTo(60_000L);
        assertThat(intervals.apply(Integer.MAX_VALUE)).isEqualTo(60_000L);
    }

    @Test
    void refusesAWaitBelowOneMillisecondOrAMaximumBelowTheStart() {
        assertThatThrownBy(() -> RetryIntervals.doubling(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> RetryIntervals.doubling(Duration.ofNanos(999_999), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> RetryIntervals.doubling(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximum wait (PT1S) must not be below the initial wait (PT2S)");
    }
}
