package dev.quiver.resilience.suite.chaos;

import static dev.quiver.resilience.suite.chaos.ChaosRun.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.testsupport.ServiceName;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;

/**
 * Elasticsearch frozen (SIGSTOP: it keeps its sockets but answers nothing) while events flow, then thawed (SIGCONT):
 * ClickHouse stays current, Elasticsearch catches up exactly. At full scale (a 30 s freeze, beyond the bridge's
 * 10 s socket timeout) its breaker must open.
 */
@Timeout(300)
class ElasticsearchFreezeIT {

    @Scenario(group = "chaos", title = "Elasticsearch frozen (SIGSTOP) 30 s while events flow: ClickHouse stays current, Elasticsearch catches up exactly")
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
            long clickhouseDuringFreeze;
            try {
                SERVICES.pause(ServiceName.ELASTICSEARCH);
                Thread.sleep(freeze.toMillis());
                clickhouseDuringFreeze = chaos.run.clickhouseFinal();
            } finally {
                SERVICES.resume(ServiceName.ELASTICSEARCH);
                fault.end();
                endNanos = System.nanoTime();
                ackedAtEnd = producer.acknowledged();
            }
            log.figure("ClickHouse events stored by the end of the freeze", clickhouseDuringFreeze, "events");
            log.figure("events acknowledged by the end of the freeze", ackedAtEnd, "events");
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
