package dev.quiver.resilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.SinkCounts;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import dev.quiver.testsupport.process.PrometheusScrape;
import eu.rekawek.toxiproxy.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis (the de-duplication store, reached through this run's own toxiproxy proxy) goes away while events and
 * re-published duplicates (the stored messages byte for byte, no {@code Nats-Msg-Id}, so JetStream keeps them) flow: the bridge
 * turns de-duplication off, the sinks' idempotence keeps both stores free of duplicates, and once Redis is back
 * de-duplication comes back by itself and skips duplicates again.
 *
 * <p>Every count is exact. De-duplication is off only while the proxy is disabled: the cut refuses connections at
 * once, so the bridge's Redis deadline can be generous (10 s, where 1 s let a Redis call slowed by a loaded machine
 * turn de-duplication off for a batch before the cut, and then its events were never marked). Before the duplicates
 * are re-published the last time, Redis is asked how many of their events it remembers: all of them, and each
 * sink skips exactly those. The ack wait is long (60 s) so that no batch is redelivered and the bridge's received
 * and stored counters are exact too.
 */
class RedisOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(RedisOutageIT.class);
    private static final Services SERVICES = Services.fromEnvironment();
    private static final List<String> SINKS = List.of(PipelineRun.CLICKHOUSE, PipelineRun.ELASTICSEARCH);
    private static final long FIRST = 2_000;
    private static final long DURING = 2_000;
    private static final long AFTER = 1_000;
    private static final long TOTAL = FIRST + DURING + AFTER;
    private static final long REPUBLISHED_DURING = 500;
    private static final long REPUBLISHED_AFTER = 300;

    @Test
    void withoutRedisDuplicatesAreAbsorbedByTheSinksAndDedupComesBackByItself() throws Exception {
        SERVICES.require(ServiceName.NATS, ServiceName.REDIS, ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH,
                ServiceName.TOXIPROXY);
        try (PipelineRun run = new PipelineRun(SERVICES, "redis-outage")) {
            Proxy proxy = run.proxy("redis", SERVICES.redis().host() + ":" + SERVICES.redis().port());
            PipelineRun.Bridge bridge = run.startBridge(Map.of("redis-url", "redis://" + proxy.getListen(),
                    "dedup-timeout", "10s", "dedup-retry", "1s", "ack-wait", "60s"), Map.of());

            assertThat(run.publish(FIRST, 5L, 0)).isEqualTo(FIRST);
            Polling.await(Duration.ofSeconds(60), "both sinks to hold the first " + FIRST + " events",
                    () -> run.counts().exactly(FIRST), run::counts);
            awaitDrained(run);
            PrometheusScrape before = bridge.metrics();
            for (String sink : SINKS) {
                assertThat(before.sum("quiver_bridge_dedup_enabled", "sink", sink)).as(sink + " dedup on").isEqualTo(1.0);
                assertThat(before.sum("quiver_bridge_dedup_disabled_total", "sink", sink))
                        .as(sink + ": no batch without de-duplication before the cut").isZero();
            }

            proxy.disable();
            assertThat(run.publish(DURING, 6L, 0)).isEqualTo(DURING);
            run.republishWithoutMessageId(REPUBLISHED_DURING);
            Polling.await(Duration.ofSeconds(60), "both sinks to hold exactly " + (FIRST + DURING) + " events without Redis",
                    () -> run.counts().exactly(FIRST + DURING), run::counts);
            awaitDrained(run);
            PrometheusScrape during = bridge.metrics();
            for (String sink : SINKS) {
                assertThat(during.sum("quiver_bridge_dedup_enabled", "sink", sink)).as(sink + " dedup off").isZero();
                assertThat(during.sum("quiver_bridge_dedup_disabled_total", "sink", sink)).as(sink + " batches without dedup")
                        .isPositive();
                assertThat(during.sum("quiver_bridge_events_stored_total", "sink", sink))
                        .as(sink + ": the duplicates were written again (absorbed by the sink)")
                        .isEqualTo(FIRST + DURING + REPUBLISHED_DURING);
            }
            SinkCounts withoutRedis = run.counts();
            LOG.info("Redis away: {} after {} events and {} re-published duplicates", withoutRedis, FIRST + DURING,
                    REPUBLISHED_DURING);

            proxy.enable();
            assertThat(run.publish(AFTER, 7L, 500)).isEqualTo(AFTER);
            Polling.await(Duration.ofSeconds(30), "de-duplication back on for both sinks",
                    () -> bridge.metrics().sum("quiver_bridge_dedup_enabled") == SINKS.size(),
                    () -> bridge.metrics().sum("quiver_bridge_dedup_enabled"));
            Polling.await(Duration.ofSeconds(60), "both sinks to hold exactly " + TOTAL + " events",
                    () -> run.counts().exactly(TOTAL), run::counts);
            awaitDrained(run);
            List<String> republishedIds = run.eventIds(REPUBLISHED_AFTER);
            for (String sink : SINKS) {
                assertThat(run.dedupMarked(sink, republishedIds))
                        .as(sink + ": Redis remembers every event about to be re-published as stored")
                        .isEqualTo(REPUBLISHED_AFTER);
            }
            double hitsBefore = bridge.metrics().sum("quiver_bridge_dedup_hits_total");
            run.republishWithoutMessageId(REPUBLISHED_AFTER);
            awaitDrained(run);
            Polling.await(Duration.ofSeconds(30), "the re-published duplicates to be received by both sinks",
                    () -> bridge.metrics().sum("quiver_bridge_events_received_total")
                            == SINKS.size() * (TOTAL + REPUBLISHED_DURING + REPUBLISHED_AFTER),
                    () -> bridge.metrics().sum("quiver_bridge_events_received_total"));

            SinkCounts end = run.counts();
            PrometheusScrape metrics = bridge.metrics();
            LOG.info("after the Redis outage: {} (produced {}), dedup hits {}", end, TOTAL,
                    metrics.sum("quiver_bridge_dedup_hits_total") - hitsBefore);
            assertThat(end.clickhouseDistinctIds()).isEqualTo(TOTAL);
            assertThat(end.clickhouseFinal()).isEqualTo(TOTAL);
            assertThat(end.elasticsearchDocs()).isEqualTo(TOTAL);
            for (String sink : SINKS) {
                assertThat(metrics.sum("quiver_bridge_dedup_hits_total", "sink", sink))
                        .as(sink + ": every duplicate skipped once Redis is back").isEqualTo(REPUBLISHED_AFTER);
                assertThat(metrics.sum("quiver_bridge_events_stored_total", "sink", sink))
                        .as(sink + ": the skipped duplicates were not written").isEqualTo(TOTAL + REPUBLISHED_DURING);
                assertThat(metrics.sum("quiver_bridge_dedup_enabled", "sink", sink)).as(sink + " dedup on").isEqualTo(1.0);
            }
        }
    }

    private static void awaitDrained(PipelineRun run) throws InterruptedException {
        Polling.await(Duration.ofSeconds(30), "both consumers fully acknowledged",
                () -> run.unacknowledged(PipelineRun.CLICKHOUSE) == 0 && run.unacknowledged(PipelineRun.ELASTICSEARCH) == 0,
                () -> run.unacknowledged(PipelineRun.CLICKHOUSE) + "/" + run.unacknowledged(PipelineRun.ELASTICSEARCH));
    }
}
