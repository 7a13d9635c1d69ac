package dev.quiver.resilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.SinkCounts;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import eu.rekawek.toxiproxy.Proxy;
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
 * One sink's store becomes unreachable while events flow (the bridge reaches it through a toxiproxy proxy of this
 * run, which is disabled; the shared server is untouched): the other sink keeps receiving everything, the cut
 * sink's circuit breaker opens, and once the proxy is back the cut sink catches up from JetStream to exact counts
 * and its breaker closes.
 */
class SinkOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(SinkOutageIT.class);
    private static final Services SERVICES = Services.fromEnvironment();
    private static final long BEFORE = 3_000;
    private static final long DURING = 5_000;
    private static final long TOTAL = BEFORE + DURING;

    @Test
    void clickHouseOutageLeavesElasticsearchCurrentAndClickHouseCatchesUpExactly() throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH,
                ServiceName.TOXIPROXY);
        outage(PipelineRun.CLICKHOUSE, "clickhouse-url", "QUIVER_CLICKHOUSE_",
                SERVICES.clickhouse().host() + ":" + SERVICES.clickhouse().httpPort());
    }

    @Test
    void elasticsearchOutageLeavesClickHouseCurrentAndElasticsearchCatchesUpExactly() throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH,
                ServiceName.TOXIPROXY);
        outage(PipelineRun.ELASTICSEARCH, "elasticsearch-url", "QUIVER_ELASTICSEARCH_",
                SERVICES.elasticsearch().host() + ":" + SERVICES.elasticsearch().port());
    }

    private static void outage(String cut, String urlFlag, String envPrefix, String upstream) throws Exception {
        String other = cut.equals(PipelineRun.CLICKHOUSE) ? PipelineRun.ELASTICSEARCH : PipelineRun.CLICKHOUSE;
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try (PipelineRun run = new PipelineRun(SERVICES, cut + "-outage")) {
            Proxy proxy = run.proxy(cut, upstream);
            PipelineRun.Bridge bridge = run.startBridge(Map.of(urlFlag, "http://" + proxy.getListen()),
                    fastBreaker(envPrefix));

            assertThat(run.publish(BEFORE, 3L, 0)).isEqualTo(BEFORE);
            Polling.await(Duration.ofSeconds(60), "both sinks to hold the first " + BEFORE + " events",
                    () -> run.counts().exactly(BEFORE), run::counts);

            proxy.disable();
            long cutAt = System.nanoTime();
            Future<Long> produced = publisher.submit(() -> run.publish(DURING, 4L, 2_000));
            Polling.await(Duration.ofSeconds(30), cut + "'s breaker to open",
                    () -> bridge.metrics().sum("quiver_bridge_breaker_transitions_total", "sink", cut, "to", "open") >= 1,
                    () -> bridge.metrics().sum("quiver_bridge_breaker_state", "sink", cut));
            assertThat(produced.get(60, TimeUnit.SECONDS)).isEqualTo(DURING);
            Polling.await(Duration.ofSeconds(60), other + " to hold all " + TOTAL + " events while " + cut + " is down",
                    () -> count(run, other) == TOTAL, run::counts);
            assertThat(count(run, cut)).as(cut + " got nothing while cut off").isEqualTo(BEFORE);
            assertThat(bridge.metrics().sum("quiver_bridge_breaker_state", "sink", other)).as(other + " breaker")
                    .isZero();
            LOG.info("{} cut for {} ms: {}", cut, (System.nanoTime() - cutAt) / 1_000_000, run.counts());

            proxy.enable();
            Polling.await(Duration.ofSeconds(60), cut + " to catch up to exactly " + TOTAL + " events",
                    () -> run.counts().exactly(TOTAL), run::counts);
            Polling.await(Duration.ofSeconds(30), cut + "'s breaker to close again",
                    () -> bridge.metrics().sum("quiver_bridge_breaker_state", "sink", cut) == 0,
                    () -> bridge.metrics().sum("quiver_bridge_breaker_state", "sink", cut));
            Polling.await(Duration.ofSeconds(30), "both consumers fully acknowledged",
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) == 0
                            && run.unacknowledged(PipelineRun.ELASTICSEARCH) == 0,
                    () -> run.unacknowledged(PipelineRun.CLICKHOUSE) + "/" + run.unacknowledged(PipelineRun.ELASTICSEARCH));

            SinkCounts end = run.counts();
            LOG.info("after the {} outage: {} (produced {})", cut, end, TOTAL);
            assertThat(end.clickhouseDistinctIds()).isEqualTo(TOTAL);
            assertThat(end.clickhouseFinal()).isEqualTo(TOTAL);
            assertThat(end.elasticsearchDocs()).isEqualTo(TOTAL);
            assertThat(bridge.metrics().sum("quiver_bridge_breaker_transitions_total", "sink", cut, "to", "closed"))
                    .as(cut + " breaker closed after the outage").isGreaterThanOrEqualTo(1);
            assertThat(bridge.metrics().sum("quiver_bridge_events_dead_lettered_total", "sink", cut))
                    .as("an outage is retried, never dead-lettered").isZero();
        } finally {
            publisher.shutdownNow();
        }
    }

    private static long count(PipelineRun run, String sink) throws Exception {
        SinkCounts counts = run.counts();
        return sink.equals(PipelineRun.CLICKHOUSE) ? counts.clickhouseFinal() : counts.elasticsearchDocs();
    }

    /** Open after 2 failed writes of the last 4, try again after 2 s, one good trial closes it. */
    private static Map<String, String> fastBreaker(String prefix) {
        return Map.of(
                prefix + "BREAKER_WINDOW", "4",
                prefix + "BREAKER_MIN_CALLS", "2",
                prefix + "BREAKER_OPEN_WAIT", "2s",
                prefix + "BREAKER_HALF_OPEN_CALLS", "1");
    }
}
