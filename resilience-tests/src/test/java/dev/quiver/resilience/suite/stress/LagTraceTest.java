package dev.quiver.resilience.suite.stress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LagTraceTest {
    @Test
    void theFloorIsTheSmallestBacklogInTheWindowSoBatchSawTeethDoNotCount() {
        LagTrace trace = new LagTrace();
        trace.add(0, 0);
        trace.add(1_000, 9_000);
        trace.add(2_000, 200);
        trace.add(3_000, 9_500);

        assertThat(trace.floor(900, 3_100)).isEqualTo(200);
        assertThat(trace.floor(2_500, 3_100)).isEqualTo(9_500);
    }

    @Test
    void anEmptyWindowFallsBackToTheLastSampleBeforeItOrZero() {
        LagTrace trace = new LagTrace();
        assertThat(trace.floor(0, 1_000)).isZero();
        trace.add(100, 42);
        assertThat(trace.floor(500, 1_000)).isEqualTo(42);
    }
}
