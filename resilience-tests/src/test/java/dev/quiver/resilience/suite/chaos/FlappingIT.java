package dev.quiver.resilience.suite.chaos;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * The links from the bridge to both sinks and to NATS go down and up repeatedly (toxiproxy proxies of the run
 * disabled: connections refused and cut) while events flow: each sink retries, its breaker may open and close
 * several times, and both end with exactly what was produced.
 */
@Timeout(300)
class FlappingIT {

    @Scenario(group = "chaos", title = "flapping: bridge→ClickHouse, →Elasticsearch and →NATS down 2 s / up 2 s, 5 times, while events flow")
    void flappingLinks(ScenarioLog log) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        int flaps = log.scale().pick(2, 5);
        Duration down = Duration.ofSeconds(2);
        Duration up = Duration.ofSeconds(2);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (ChaosRun chaos = ChaosRun.openThroughProxies(log, "flapping")) {
            List<ChaosRun.Link> flapping = chaos.links().stream()
                    .filter(link -> List.of("bridge→clickhouse", "bridge→elasticsearch", "bridge→nats")
                            .contains(link.name()))
                    .toList();
            AckedPublisher producer = chaos.produceThroughLink(41L, rate);
            chaos.awaitFlowing(500);
            long endNanos = 0;
            for (int flap = 1; flap <= flaps; flap++) {
                ScenarioLog.Fault fault = log.fault("flap " + flap + "/" + flaps + ": bridge→clickhouse,"
                        + " →elasticsearch, →nats down " + down.toSeconds() + " s");
                try {
                    for (ChaosRun.Link link : flapping) {
                        link.proxy().disable();
                    }
                    Thread.sleep(down.toMillis());
                } finally {
                    for (ChaosRun.Link link : flapping) {
                        link.proxy().enable();
                    }
                    fault.end();
                    endNanos = System.nanoTime();
                }
                if (flap < flaps) {
                    Thread.sleep(up.toMillis());
                }
            }
            long ackedAtEnd = producer.acknowledged();
            chaos.recovered("last flap over → both sinks current", ackedAtEnd, endNanos, Duration.ofSeconds(90));
            long produced = chaos.stopProducing(after);
            chaos.finish(produced, Duration.ofSeconds(90));
        }
    }
}
