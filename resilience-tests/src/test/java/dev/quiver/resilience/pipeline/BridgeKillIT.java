package dev.quiver.resilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.SinkCounts;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGKILL of the bridge while events flow: what it held unacknowledged is redelivered to the next process, and
 * both sinks end with every event exactly once (redelivered rows collapse under FINAL, documents are keyed by id).
 */
class BridgeKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeKillIT.class);
    private static final Services SERVICES = Services.fromEnvironment();
    private static final long EVENTS = 12_000;
    private static final int RATE = 1_000;

    @Test
    void aBridgeKilledMidStreamLosesAndDoublesNothingOnceANewOneRuns() throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH);
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try (PipelineRun run = new PipelineRun(SERVICES, "bridge-kill")) {
            PipelineRun.Bridge first = run.startBridge(Map.of(), Map.of());
            Future<Long> produced = publisher.submit(() -> run.publish(EVENTS, 2L, RATE));

            Polling.await(Duration.ofSeconds(60), "the first bridge to store some events in both sinks",
                    () -> {
                        SinkCounts counts = run.counts();
                        return counts.clickhouseFinal() >= 1_000 && counts.elasticsearchDocs() >= 1_000;
                    }, run::counts);
            first.process().kill();
            SinkCounts atKill = run.counts();
            LOG.info("bridge SIGKILLed with {} of {} events in ClickHouse, {} in Elasticsearch", atKill.clickhouseFinal(),
                    EVENTS, atKill.elasticsearchDocs());
            assertThat(produced.isDone()).as("events were still being published when the bridge died").isFalse();
            assertThat(atKill.clickhouseFinal()).isLessThan(EVENTS);
            assertThat(atKill.elasticsearchDocs()).isLessThan(EVENTS);

            PipelineRun.Bridge second = run.startBridge(Map.of(), Map.of());
            assertThat(produced.get(60, TimeUnit.SECONDS)).isEqualTo(EVENTS);
            Polling.await(Duration.ofSeconds(60), "both sinks to hold exactly " + EVENTS + " events",
                    () -> run.counts().exactly(EVENTS), run::counts);
            Polling.await(Duration.ofSeconds(30), "both consumers fully acknowledged (redelivery after the 8 s ack wait)",
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) == 0
                            && run.unacknowledged(PipelineRun.ELASTICSEARCH) == 0,
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) + "/" + run.unacknowledged(PipelineRun.ELASTICSEARCH));

            SinkCounts end = run.counts();
            LOG.info("after the kill: {} (produced {})", end, EVENTS);
            assertThat(end.clickhouseDistinctIds()).isEqualTo(EVENTS);
            assertThat(end.clickhouseFinal()).isEqualTo(EVENTS);
            assertThat(end.elasticsearchDocs()).isEqualTo(EVENTS);
            assertThat(end.clickhouseRows()).as("raw rows: at most the redelivered ones above the total")
                    .isBetween(EVENTS, EVENTS + 4_000);
            double storedBySecond = second.metrics().sum("quiver_bridge_events_stored_total", "sink",
                    PipelineRun.ELASTICSEARCH);
            assertThat(storedBySecond).as("the second bridge stored the rest").isPositive()
                    .isGreaterThanOrEqualTo(EVENTS - atKill.elasticsearchDocs() - 4_000);
        } finally {
            publisher.shutdownNow();
        }
    }
}
