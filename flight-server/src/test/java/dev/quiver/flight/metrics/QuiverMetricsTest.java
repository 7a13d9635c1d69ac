package dev.quiver.flight.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.flight.request.InvalidRequestException;
import dev.quiver.flight.request.LimitExceededException;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QuiverMetricsTest {
    private final MockClock clock = new MockClock();
    private final QuiverMetrics metrics = new QuiverMetrics(clock);

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aRequestCountsItsRowsBatchesOutcomeAndDuration() {
        RequestObservation request = metrics.begin(Transport.HTTP);
        assertThat(gauge(Transport.HTTP)).isEqualTo(1.0);
        request.batch(500);
        request.batch(20);
        clock.add(Duration.ofMillis(1_250));
        assertThat(request.finish(Outcome.OK)).isTrue();

        assertThat(request.rows()).isEqualTo(520);
        assertThat(metrics.registry().get(QuiverMetrics.ROWS_STREAMED).tag("transport", "http").counter().count()).isEqualTo(520);
        assertThat(metrics.registry().get(QuiverMetrics.BATCHES_STREAMED).tag("transport", "http").counter().count()).isEqualTo(2);
        assertThat(metrics.registry().get(QuiverMetrics.ROWS_STREAMED).tag("transport", "flight").counter().count()).isZero();
        assertThat(requests(Transport.HTTP, Outcome.OK)).isEqualTo(1);
        Timer duration = metrics.registry().get(QuiverMetrics.REQUEST_DURATION).tag("transport", "http").tag("outcome", "ok").timer();
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1_250);
        assertThat(gauge(Transport.HTTP)).isZero();
    }

    @Test
    void onlyTheFirstFinishCounts() {
        RequestObservation request = metrics.begin(Transport.FLIGHT);
        assertThat(request.finish(Outcome.CANCELLED)).isTrue();
        assertThat(request.finish(Outcome.OK)).isFalse();
        assertThat(request.isFinished()).isTrue();
        assertThat(requests(Transport.FLIGHT, Outcome.CANCELLED)).isEqualTo(1);
        assertThat(requests(Transport.FLIGHT, Outcome.OK)).isZero();
        assertThat(gauge(Transport.FLIGHT)).isZero();
    }

    @Test
    void scrapeIsPrometheusTextWithJvmAndQuiverMeters() {
        RequestObservation request = metrics.begin(Transport.FLIGHT);
        request.batch(7);
        clock.add(Duration.ofMillis(30));
        request.finish(Outcome.OK);

        String text = metrics.scrape();
        assertThat(text).contains(
                "# TYPE quiver_requests_total counter",
                "quiver_requests_total{outcome=\"ok\",transport=\"flight\"} 1.0",
                "quiver_requests_total{outcome=\"ok\",transport=\"http\"} 0.0",
                "quiver_rows_streamed_total{transport=\"flight\"} 7.0",
                "quiver_batches_streamed_total{transport=\"flight\"} 1.0",
                "quiver_streams_in_flight{transport=\"http\"} 0.0",
                "quiver_request_duration_seconds_bucket{outcome=\"ok\",transport=\"flight\",le=\"0.025\"} 0",
                "quiver_request_duration_seconds_bucket{outcome=\"ok\",transport=\"flight\",le=\"0.05\"} 1",
                "quiver_request_duration_seconds_count{outcome=\"ok\",transport=\"flight\"} 1",
                "jvm_memory_used_bytes{", "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_uptime_seconds");
    }

    @Test
    void sharedFailuresMapToTheirOutcome() {
        assertThat(Outcome.of(new InvalidRequestException("bad"))).isEqualTo(Outcome.INVALID_REQUEST);
        assertThat(Outcome.of(new LimitExceededException("big"))).isEqualTo(Outcome.LIMIT_EXCEEDED);
        assertThat(Outcome.of(new IllegalStateException("bug"))).isEqualTo(Outcome.ERROR);
    }

    private double requests(Transport transport, Outcome outcome) {
        return metrics.registry().get(QuiverMetrics.REQUESTS).tag("transport", transport.tag()).tag("outcome", outcome.tag())
                .counter().count();
    }

    private double gauge(Transport transport) {
        return metrics.registry().get(QuiverMetrics.STREAMS_IN_FLIGHT).tag("transport", transport.tag()).gauge().value();
    }
}
