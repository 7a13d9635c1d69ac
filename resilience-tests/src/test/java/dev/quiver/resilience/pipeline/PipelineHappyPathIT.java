package dev.quiver.resilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.SinkCounts;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import dev.quiver.testsupport.process.PrometheusScrape;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events published to JetStream arrive exactly once in ClickHouse and Elasticsearch, and the bridge says so. */
class PipelineHappyPathIT {
    private static final Services SERVICES = Services.fromEnvironment();
    private static final long EVENTS = 8_000;

    @Test
    void everyPublishedEventIsStoredOnceInBothSinksAndTheMetricsAgree() throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);
        try (PipelineRun run = new PipelineRun(SERVICES, "happy-path")) {
            // a 60 s ack wait (8 s by default): no batch is redelivered, however slow the machine, so the raw rows
            // and the received counts below are exact
            PipelineRun.Bridge bridge = run.startBridge(Map.of("ack-wait", "60s"), Map.of());

            long produced = run.publish(EVENTS, 1L, 0);
            assertThat(produced).isEqualTo(EVENTS);

            Polling.await(Duration.ofSeconds(60), "both sinks to hold all " + EVENTS + " events",
                    () -> run.counts().exactly(EVENTS), run::counts);
            SinkCounts counts = run.counts();
            assertThat(counts.clickhouseDistinctIds()).isEqualTo(EVENTS);
            assertThat(counts.clickhouseFinal()).isEqualTo(EVENTS);
            assertThat(counts.clickhouseRows()).as("no redelivery happened, so no duplicate rows").isEqualTo(EVENTS);
            assertThat(counts.elasticsearchDocs()).isEqualTo(EVENTS);

            Polling.await(Duration.ofSeconds(10), "both consumers fully acknowledged",
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) == 0
                            && run.unacknowledged(PipelineRun.ELASTICSEARCH) == 0,
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) + "/" + run.unacknowledged(PipelineRun.ELASTICSEARCH));
            PrometheusScrape metrics = bridge.metrics();
            for (String sink : new String[] {PipelineRun.CLICKHOUSE, PipelineRun.ELASTICSEARCH}) {
                assertThat(metrics.sum("quiver_bridge_events_received_total", "sink", sink)).as(sink + " received")
                        .isEqualTo(EVENTS);
                assertThat(metrics.sum("quiver_bridge_events_stored_total", "sink", sink)).as(sink + " stored")
                        .isEqualTo(EVENTS);
                assertThat(metrics.sum("quiver_bridge_dedup_hits_total", "sink", sink)).as(sink + " dedup hits")
                        .isZero();
                assertThat(metrics.sum("quiver_bridge_dedup_enabled", "sink", sink)).as(sink + " dedup on")
                        .isEqualTo(1.0);
                assertThat(metrics.sum("quiver_bridge_breaker_state", "sink", sink)).as(sink + " breaker closed")
                        .isZero();
                assertThat(metrics.sum("quiver_bridge_events_dead_lettered_total", "sink", sink)).as(sink + " DLQ")
                        .isZero();
            }
            HttpResponse<String> health = bridge.healthResponse();
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"clickhouse\"").contains("\"elasticsearch\"");
        }
    }
}
