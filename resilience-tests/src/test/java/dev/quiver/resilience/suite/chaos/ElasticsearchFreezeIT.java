package dev.quiver.resilience.suite.chaos;

import static dev.quiver.resilience.suite.chaos.ChaosRun.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.testsupport.ServiceName;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Elasticsearch frozen (SIGSTOP: it keeps its sockets but answers nothing) while events flow, then thawed (SIGCONT).
 * While it is frozen, at every scale:
 * <ul>
 *   <li>the freeze bites: Elasticsearch stores nothing, so its consumer acknowledges no event published since
 *       the freeze began and its backlog covers every one of them (exact);</li>
 *   <li>ClickHouse stays current: still during the freeze, it comes to hold every event acknowledged to the
 *       producer by the freeze's end.</li>
 * </ul>
 * After the thaw Elasticsearch catches up exactly, and ClickHouse's breaker never opened. At full scale (a 30 s
 * freeze, beyond the bridge's 10 s socket timeout) Elasticsearch's breaker must open as well.
 */
@Timeout(300)
class ElasticsearchFreezeIT {
    private static final Duration CLICKHOUSE_CURRENT = Duration.ofSeconds(30);

    @Scenario(group = "chaos", title = "Elasticsearch frozen (SIGSTOP) {5|30} s while events flow: ClickHouse stays current, Elasticsearch catches up exactly")
    void freezeElasticsearch(ScenarioLog log) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        Duration freeze = log.scale().pick(Duration.ofSeconds(5), Duration.ofSeconds(30));
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (ChaosRun chaos = ChaosRun.open(log, "freeze-elasticsearch")) {
            AckedPublisher producer = chaos.produce(31L, rate);
            chaos.awaitFlowing(500);
            ScenarioLog.Fault fault = log.fault("SIGSTOP elasticsearch for " + freeze.toSeconds() + " s");
            long endNanos;
            long ackedAtEnd;
            SERVICES.pause(ServiceName.ELASTICSEARCH);
            try {
                FaultEffect elasticsearchStoresNothing = FaultEffect.nothingStoredBy(chaos, PipelineRun.ELASTICSEARCH);
                Thread.sleep(freeze.toMillis());
                FaultEffect.awaitAll(chaos, "the freeze", List.of(elasticsearchStoresNothing), Duration.ofSeconds(30));
                long ackedInFreeze = producer.acknowledged();
                Polling.await(CLICKHOUSE_CURRENT, "ClickHouse to hold, while Elasticsearch is still frozen, the "
                                + ackedInFreeze + " events acknowledged by the end of the freeze",
                        () -> chaos.run.clickhouseFinal() >= ackedInFreeze, chaos.run::clickhouseFinal);
                log.figure("events acknowledged by the end of the freeze, all in ClickHouse while Elasticsearch was"
                        + " still frozen", ackedInFreeze, "events");
            } finally {
                SERVICES.resume(ServiceName.ELASTICSEARCH);
                fault.end();
                endNanos = System.nanoTime();
                ackedAtEnd = producer.acknowledged();
            }
            chaos.recovered("elasticsearch thawed → both sinks current", ackedAtEnd, endNanos, Duration.ofSeconds(90));
            long produced = chaos.stopProducing(after);
            chaos.finish(produced, Duration.ofSeconds(90));
            assertThat(chaos.transitions(PipelineRun.CLICKHOUSE, "open")).as("ClickHouse's breaker never opened")
                    .isZero();
            if (log.scale().full()) {
                assertThat(chaos.transitions(PipelineRun.ELASTICSEARCH, "open"))
                        .as("a 30 s freeze opens Elasticsearch's breaker").isGreaterThanOrEqualTo(1);
            }
        }
    }
}
