package dev.quiver.bridge.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.bridge.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The generator's schedule on a clock that moves only when the pacer sleeps or the test advances it. */
class RatePacerTest {
    private static final long START = 5_000_000_000L;

    /** A clock that only moves when something sleeps on it or the test advances it. */
    private static final class StepClock implements Time {
        long nanos = START;
        long slept;
        int sleeps;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            nanos += duration.toNanos();
            slept += duration.toNanos();
            sleeps++;
        }
    }

    @Test
    void eachEventGoesOutAtItsTimeAndNeverMoreThanTheSlackEarly() throws InterruptedException {
        StepClock clock = new StepClock();
        RatePacer pacer = new RatePacer(2_000, clock);
        for (long n = 0; n < 1_000; n++) {
            pacer.awaitTurn(n);
            long due = START + n * 500_000;
            assertThat(clock.nanos).as("event %d sent at", n).isBetween(due - RatePacer.SLACK_NANOS, due);
        }
        // both ways: 1,000 events at 2,000/s span 0.5 s, neither faster (the rate) nor slower (a lazy pacer)
        assertThat(clock.nanos - START).isBetween(499_500_000L - RatePacer.SLACK_NANOS, 499_500_000L);
        assertThat(clock.sleeps).as("wake-ups: at most one a millisecond").isLessThanOrEqualTo(500);
    }

    @Test
    void aRunThatFellBehindCatchesUpWithoutWaiting() throws InterruptedException {
        StepClock clock = new StepClock();
        RatePacer pacer = new RatePacer(1_000, clock);
        pacer.awaitTurn(0);
        clock.nanos += 100_000_000; // a publish took 100 ms: events 1..100 are due already
        for (long n = 1; n <= 100; n++) {
            pacer.awaitTurn(n);
        }
        assertThat(clock.slept).as("waited although behind").isZero();
        pacer.awaitTurn(110);
        assertThat(clock.nanos).as("back on the schedule").isEqualTo(START + 110_000_000);
    }

    @Test
    void anEventIsAheadUntilItsTimeAndNeverUnpaced() {
        StepClock clock = new StepClock();
        RatePacer pacer = new RatePacer(1_000, clock);
        assertThat(pacer.isAhead(0)).as("event 0 is due at once").isFalse();
        assertThat(pacer.isAhead(1)).as("event 1 is due in 1 ms").isTrue();
        clock.nanos += 999_999;
        assertThat(pacer.isAhead(1)).isTrue();
        clock.nanos += 1;
        assertThat(pacer.isAhead(1)).isFalse();
        assertThat(new RatePacer(0, clock).isAhead(1_000_000)).as("unpaced: always due").isFalse();
    }

    @Test
    void rateZeroNeverWaits() throws InterruptedException {
        StepClock clock = new StepClock();
        RatePacer pacer = new RatePacer(0, clock);
        for (long n = 0; n < 10_000; n++) {
            pacer.awaitTurn(n);
        }
        assertThat(clock.slept).isZero();
    }

    @Test
    void aNegativeRateIsRefused() {
        assertThatThrownBy(() -> new RatePacer(-1, new StepClock())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
