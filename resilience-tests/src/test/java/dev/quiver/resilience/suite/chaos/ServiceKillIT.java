package dev.quiver.resilience.suite.chaos;

import static dev.quiver.resilience.suite.chaos.ChaosRun.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.SinkCounts;
import dev.quiver.resilience.harness.Smoke;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.process.PrometheusScrape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 of each service of the pipeline while events flow, one at a time and in cascade, then a restart on the
 * same data: every acknowledged event ends up exactly once in both sinks. The services killed are those of
 * {@code scripts/services.sh} in this environment (a separate set in development, see {@code QUIVER_SERVICES_DIR});
 * every scenario restarts what it killed in a {@code finally}, so the services are up when it ends.
 */
@Timeout(300)
class ServiceKillIT {
    private static final Duration FINISH = Duration.ofSeconds(90);

    @Scenario(group = "chaos", title = "kill -9 ClickHouse mid-stream: its breaker opens, it catches up exactly after a restart")
    @Smoke
    void killClickHouse(ScenarioLog log) throws Exception {
        killOneSink(log, ServiceName.CLICKHOUSE, PipelineRun.CLICKHOUSE, 11L);
    }

    @Scenario(group = "chaos", title = "kill -9 Elasticsearch mid-stream: its breaker opens, it catches up exactly after a restart")
    void killElasticsearch(ScenarioLog log) throws Exception {
        killOneSink(log, ServiceName.ELASTICSEARCH, PipelineRun.ELASTICSEARCH, 12L);
    }

    private static void killOneSink(ScenarioLog log, ServiceName service, String sink, long seed) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Duration down = log.scale().pick(Duration.ofSeconds(1), Duration.ofSeconds(5));
        String other = sink.equals(PipelineRun.CLICKHOUSE) ? PipelineRun.ELASTICSEARCH : PipelineRun.CLICKHOUSE;
        try (ChaosRun chaos = ChaosRun.open(log, "kill-" + sink)) {
            AckedPublisher producer = chaos.produce(seed, rate);
            chaos.awaitFlowing(500);
            ScenarioLog.Fault fault = log.fault("kill -9 " + service.scriptName());
            long endNanos;
            long ackedAtEnd;
            try {
                SERVICES.kill(service);
                long killed = System.nanoTime();
                chaos.awaitBreakerOpened(sink, Duration.ofSeconds(30));
                sleepUntil(killed + down.toNanos());
            } finally {
                SERVICES.restart(service);
                fault.end();
                endNanos = System.nanoTime();
                ackedAtEnd = producer.acknowledged();
            }
            assertThat(chaos.scrape().sum("quiver_bridge_breaker_state", "sink", other))
                    .as(other + "'s breaker stays closed while " + sink + " is down").isZero();
            chaos.recovered(service.scriptName() + " restarted → both sinks current", ackedAtEnd, endNanos,
                    Duration.ofSeconds(90));
            long produced = chaos.stopProducing(after);
            chaos.finish(produced, FINISH);
            assertThat(chaos.transitions(sink, "open")).as(sink + "'s breaker opened").isGreaterThanOrEqualTo(1);
            Polling.await(Duration.ofSeconds(20), sink + "'s breaker to close again",
                    () -> chaos.scrape().sum("quiver_bridge_breaker_state", "sink", sink) == 0,
                    () -> chaos.scrape().sum("quiver_bridge_breaker_state", "sink", sink));
            assertThat(chaos.transitions(sink, "closed")).as(sink + "'s breaker closed after the restart")
                    .isGreaterThanOrEqualTo(1);
            assertThat(chaos.transitions(other, "open")).as(other + "'s breaker never opened").isZero();
        }
    }

    @Scenario(group = "chaos", title = "kill -9 the event-bridge mid-stream: a new bridge gets the unacknowledged events redelivered, nothing lost or doubled")
    @Smoke
    void killBridge(ScenarioLog log) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (ChaosRun chaos = ChaosRun.open(log, "kill-bridge")) {
            AckedPublisher producer = chaos.produce(13L, rate);
            chaos.awaitFlowing(500);
            chaos.rememberMetrics();
            ScenarioLog.Fault fault = log.fault("kill -9 event-bridge-1");
            chaos.bridge().process().kill();
            SinkCounts atKill = chaos.run.counts();
            assertThat(producer.acknowledged()).as("events were being produced when the bridge died").isPositive();
            PipelineRun.Bridge second = chaos.startBridge();
            fault.end();
            long endNanos = System.nanoTime();
            chaos.recovered("new bridge running → both sinks current (redelivery after the 8 s ack wait)",
                    producer.acknowledged(), endNanos, Duration.ofSeconds(60));
            long produced = chaos.stopProducing(after);
            assertThat(produced).as("events produced after the kill").isGreaterThan(atKill.clickhouseFinal())
                    .isGreaterThan(atKill.elasticsearchDocs());
            SinkCounts end = chaos.finish(produced, FINISH);
            assertThat(end.clickhouseRows()).as("raw rows: at most the redelivered ones (max-ack-pending 4,000) above")
                    .isBetween(produced, produced + 4_000);
            double storedBySecond = second.metrics().sum("quiver_bridge_events_stored_total", "sink",
                    PipelineRun.ELASTICSEARCH);
            assertThat(storedBySecond).as("the second bridge stored the rest")
                    .isGreaterThanOrEqualTo(produced - atKill.elasticsearchDocs() - 4_000).isPositive();
        }
    }

    @Scenario(group = "chaos", title = "kill -9 NATS mid-stream: the producer retries until acknowledged, the bridge reconnects, every acknowledged event is stored once")
    void killNats(ScenarioLog log) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        Duration down = log.scale().pick(Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (ChaosRun chaos = ChaosRun.open(log, "kill-nats")) {
            AckedPublisher producer = chaos.produce(14L, rate);
            chaos.awaitFlowing(500);
            ScenarioLog.Fault fault = log.fault("kill -9 nats");
            long endNanos;
            long ackedAtKill;
            long ackedAtEnd;
            try {
                SERVICES.kill(ServiceName.NATS);
                ackedAtKill = producer.acknowledged();
                FaultEffect retries = FaultEffect.producerRetries(chaos);
                Thread.sleep(down.toMillis());
                // NATS stays down until a publish failed (an unacknowledged one is retried after 3 s): restarted
                // sooner, the client's buffered publishes could all go through and the outage show nowhere
                FaultEffect.awaitAll(chaos, "kill -9 nats", List.of(retries), Duration.ofSeconds(30));
            } finally {
                SERVICES.restart(ServiceName.NATS);
                fault.end();
                endNanos = System.nanoTime();
                ackedAtEnd = producer.acknowledged();
            }
            log.figure("events acknowledged while NATS was down", ackedAtEnd - ackedAtKill, "events");
            chaos.recovered("nats restarted → both sinks current", ackedAtEnd, endNanos, Duration.ofSeconds(90));
            long produced = chaos.stopProducing(after);
            assertThat(chaos.run.streamMessages())
                    .as("JetStream kept every event it acknowledged through the kill -9 (sync_interval: always)")
                    .isGreaterThanOrEqualTo(produced);
            chaos.finish(produced, FINISH);
        }
    }

    @Scenario(group = "chaos", title = "kill -9 Redis mid-stream (re-published duplicates flowing): de-duplication turns off, the sinks absorb the duplicates, it comes back")
    void killRedis(ScenarioLog log) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        long republished = log.scale().pick(200L, 1_000L);
        Duration down = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        // the exact count of events received below holds only without redeliveries: a 30 s ack wait (8 s by default)
        // keeps a batch slow to write on a loaded machine from being redelivered
        try (ChaosRun chaos = ChaosRun.open(log, "kill-redis", Map.of("ack-wait", "30s"))) {
            AckedPublisher producer = chaos.produce(15L, rate);
            chaos.awaitFlowing(republished);
            ScenarioLog.Fault fault = log.fault("kill -9 redis (and " + republished
                    + " stored events re-published without Nats-Msg-Id)");
            long endNanos;
            long ackedAtEnd;
            try {
                SERVICES.kill(ServiceName.REDIS);
                long killed = System.nanoTime();
                chaos.run.republishWithoutMessageId(republished);
                Polling.await(Duration.ofSeconds(20), "de-duplication to turn off for both sinks",
                        () -> chaos.scrape().sum("quiver_bridge_dedup_enabled") == 0,
                        () -> chaos.scrape().sum("quiver_bridge_dedup_enabled"));
                sleepUntil(killed + down.toNanos());
            } finally {
                SERVICES.restart(ServiceName.REDIS);
                fault.end();
                endNanos = System.nanoTime();
                ackedAtEnd = producer.acknowledged();
            }
            chaos.recovered("redis restarted → both sinks current", ackedAtEnd, endNanos, Duration.ofSeconds(60));
            long produced = chaos.stopProducing(after);
            chaos.finish(produced, FINISH);
            Polling.await(Duration.ofSeconds(30), "de-duplication back on for both sinks",
                    () -> chaos.scrape().sum("quiver_bridge_dedup_enabled") == ChaosRun.SINKS.size(),
                    () -> chaos.scrape().sum("quiver_bridge_dedup_enabled"));
            PrometheusScrape metrics = chaos.scrape();
            for (String sink : ChaosRun.SINKS) {
                double withoutDedup = metrics.sum("quiver_bridge_dedup_disabled_total", "sink", sink);
                log.figure(sink + " batches written without de-duplication", withoutDedup, "batches");
                assertThat(withoutDedup).as(sink + " wrote batches without Redis").isPositive();
                assertThat(metrics.sum("quiver_bridge_events_received_total", "sink", sink))
                        .as(sink + " received the re-published duplicates too").isEqualTo(produced + republished);
            }
        }
    }

    @Scenario(group = "chaos", title = "cascade: ClickHouse, Elasticsearch and Redis killed together, then restarted: both breakers open, both sinks write on without de-duplication until Redis is back, both catch up exactly")
    void cascade(ScenarioLog log) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        List<ServiceName> killed = List.of(ServiceName.CLICKHOUSE, ServiceName.ELASTICSEARCH, ServiceName.REDIS);
        try (ChaosRun chaos = ChaosRun.open(log, "cascade")) {
            AckedPublisher producer = chaos.produce(16L, rate);
            chaos.awaitFlowing(500);
            ScenarioLog.Fault fault = log.fault("kill -9 clickhouse + elasticsearch + redis; restart clickhouse and"
                    + " elasticsearch, then redis once both sinks wrote without it");
            List<ServiceName> down = new ArrayList<>();
            long endNanos;
            long ackedAtEnd;
            try {
                for (ServiceName service : killed) {
                    down.add(service); // restarted in any case: a failed kill may leave it down
                    SERVICES.kill(service);
                }
                for (String sink : ChaosRun.SINKS) {
                    chaos.awaitBreakerOpened(sink, Duration.ofSeconds(30));
                }
                // the stores back first: each pipeline writes its held batch, cannot mark it in Redis, and goes on
                // writing without de-duplication, which must show before Redis is back
                restart(log, down, ServiceName.CLICKHOUSE);
                restart(log, down, ServiceName.ELASTICSEARCH);
                Polling.await(Duration.ofSeconds(60), "de-duplication to turn off for both sinks while Redis is down",
                        () -> chaos.scrape().sum("quiver_bridge_dedup_enabled") == 0 && everySinkWroteWithoutDedup(chaos),
                        () -> "enabled " + chaos.scrape().sum("quiver_bridge_dedup_enabled") + ", batches without: "
                                + chaos.scrape().sum("quiver_bridge_dedup_disabled_total"));
            } finally {
                restartAll(log, down);
                fault.end();
                endNanos = System.nanoTime();
                ackedAtEnd = producer.acknowledged();
            }
            chaos.recovered("all three restarted → both sinks current", ackedAtEnd, endNanos, Duration.ofSeconds(90));
            long produced = chaos.stopProducing(after);
            chaos.finish(produced, FINISH);
            Polling.await(Duration.ofSeconds(30), "de-duplication back on for both sinks",
                    () -> chaos.scrape().sum("quiver_bridge_dedup_enabled") == ChaosRun.SINKS.size(),
                    () -> chaos.scrape().sum("quiver_bridge_dedup_enabled"));
            for (String sink : ChaosRun.SINKS) {
                log.figure(sink + " batches written without de-duplication", dedupDisabledBatches(chaos, sink),
                        "batches");
                assertThat(chaos.transitions(sink, "open")).as(sink + "'s breaker opened").isGreaterThanOrEqualTo(1);
                assertThat(chaos.transitions(sink, "closed")).as(sink + "'s breaker closed again")
                        .isGreaterThanOrEqualTo(1);
            }
        }
    }

    private static boolean everySinkWroteWithoutDedup(ChaosRun chaos) throws Exception {
        for (String sink : ChaosRun.SINKS) {
            if (dedupDisabledBatches(chaos, sink) == 0) {
                return false;
            }
        }
        return true;
    }

    private static double dedupDisabledBatches(ChaosRun chaos, String sink) throws Exception {
        return chaos.scrape().sum("quiver_bridge_dedup_disabled_total", "sink", sink);
    }

    /** Restarts {@code service} if it is still in {@code down}, timing it for the report; then it is up. */
    private static void restart(ScenarioLog log, List<ServiceName> down, ServiceName service) {
        if (down.contains(service)) {
            long started = System.nanoTime();
            SERVICES.restart(service);
            down.remove(service);
            log.figure(service.scriptName() + " restart", (System.nanoTime() - started) / 1e9, "s");
        }
    }

    /** Restarts every service still in {@code down} (each attempted even if one fails). */
    private static void restartAll(ScenarioLog log, List<ServiceName> down) {
        List<RuntimeException> failures = new ArrayList<>();
        for (ServiceName service : List.copyOf(down)) {
            try {
                restart(log, down, service);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
    }
}
