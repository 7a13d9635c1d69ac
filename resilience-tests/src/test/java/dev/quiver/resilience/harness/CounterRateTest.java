package dev.quiver.resilience.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CounterRateTest {
    @Test
    void theRateIsTheCountsGrowthPerSecondSinceThePreviousReading() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicLong count = new AtomicLong();
        CounterRate rate = new CounterRate(count::get, clock::get);

        count.set(5_000);
        clock.set(500_000_000L);
        assertThat(rate.read()).isEqualTo(10_000.0);

        count.set(6_000);
        clock.set(1_500_000_000L);
        assertThat(rate.read()).isEqualTo(1_000.0);
    }

    @Test
    void aCounterThatWentBackwardsReadsAsZeroNotNegative() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicLong count = new AtomicLong(100);
        CounterRate rate = new CounterRate(count::get, clock::get);
        clock.set(1_000_000_000L);
        rate.read();

        count.set(0); // e.g. a restarted process's metrics
        clock.set(2_000_000_000L);
        assertThat(rate.read()).isZero();
    }
}
