package dev.quiver.resilience.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.report.Latency;
import dev.quiver.resilience.harness.report.Series;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private final AtomicLong clock = new AtomicLong();
    private final ScenarioLog log = new ScenarioLog("T.t", "load", "title", SuiteScale.parse("smoke", null),
            Instant.EPOCH, clock::get);

    @Test
    void percentilesAreNearestRankOverTheSuccessfulSamplesAndFailuresAreCounted() {
        LatencyRecorder recorder = new LatencyRecorder(log);
        for (int ms = 1; ms <= 100; ms++) {
            recorder.record(ms * 1_000_000L, LatencyRecorder.Outcome.OK);
        }
        recorder.record(5_000_000_000L, LatencyRecorder.Outcome.SHED);
        recorder.record(1L, LatencyRecorder.Outcome.ERROR);

        Latency latency = recorder.all("requests");
        assertThat(latency.count()).isEqualTo(102);
        assertThat(latency.errors()).isEqualTo(2);
        assertThat(latency.shed()).isEqualTo(1);
        assertThat(latency.p50Ms()).isEqualTo(50.0);
        assertThat(latency.p95Ms()).isEqualTo(95.0);
        assertThat(latency.p99Ms()).isEqualTo(99.0);
        assertThat(latency.maxMs()).isEqualTo(100.0);
    }

    @Test
    void betweenKeepsOnlyTheSamplesOfTheWindowAndSeriesHasOnePointPerBucket() {
        LatencyRecorder recorder = new LatencyRecorder(log);
        recorder.record(10_000_000L, LatencyRecorder.Outcome.OK);
        clock.set(1_500_000_000L);
        recorder.record(30_000_000L, LatencyRecorder.Outcome.OK);
        recorder.record(30_000_000L, LatencyRecorder.Outcome.SHED);

        assertThat(recorder.between("late", 1_000, 2_000).p50Ms()).isEqualTo(30.0);
        assertThat(recorder.between("early", 0, 999).count()).isEqualTo(1);

        recorder.publishSeries("q", 1_000);
        var result = log.result(2_000, true, null);
        Series rate = result.series().stream().filter(s -> s.name().equals("q per second")).findFirst().orElseThrow();
        assertThat(rate.points()).hasSize(2);
        assertThat(rate.points().get(1)[1]).isEqualTo(1.0);
        Series errors = result.series().stream().filter(s -> s.name().equals("q errors per second")).findFirst()
                .orElseThrow();
        assertThat(errors.points().get(1)[1]).isEqualTo(1.0);
    }

    @Test
    void noSamplesGiveZeroes() {
        Latency latency = new LatencyRecorder(log).all("none");
        assertThat(latency.count()).isZero();
        assertThat(latency.p99Ms()).isZero();
        assertThat(latency.errorRate()).isZero();
    }
}
