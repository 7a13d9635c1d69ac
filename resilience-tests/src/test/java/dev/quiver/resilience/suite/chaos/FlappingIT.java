package dev.quiver.resilience.suite.chaos;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * The links from the bridge to both sinks and to NATS go down and up repeatedly (toxiproxy proxies of the run
 * disabled: connections refused and cut) while events flow: each sink retries, its breaker may open and close
 * several times, and both end with exactly what was produced. Every flap is seen to bite: the sinks' links go down
 * first and stay down until a write to each has failed (the bridge still gets events to write), then NATS's link,
 * and while it is down nothing is delivered to the bridge, so both backlogs cover every event published meanwhile.
 */
@Timeout(300)
class FlappingIT {
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);

    @Scenario(group = "chaos", title = "flapping: bridge→ClickHouse, →Elasticsearch and →NATS down 2 s / up 2 s, {2|5} times, while events flow: each flap seen, nothing lost or doubled")
    void flappingLinks(ScenarioLog log) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        int flaps = log.scale().pick(2, 5);
        Duration down = Duration.ofSeconds(2);
        Duration up = Duration.ofSeconds(2);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (ChaosRun chaos = ChaosRun.openThroughProxies(log, "flapping")) {
            List<ChaosRun.Link> sinkLinks = links(chaos, "bridge→clickhouse", "bridge→elasticsearch");
            ChaosRun.Link natsLink = links(chaos, "bridge→nats").get(0);
            AckedPublisher producer = chaos.produceThroughLink(41L, rate);
            chaos.awaitFlowing(500);
            long endNanos = 0;
            for (int flap = 1; flap <= flaps; flap++) {
                String description = "flap " + flap + "/" + flaps + ": bridge→clickhouse, →elasticsearch, →nats down "
                        + down.toSeconds() + " s";
                ScenarioLog.Fault fault = log.fault(description);
                try {
                    for (ChaosRun.Link link : sinkLinks) {
                        link.proxy().disable();
                    }
                    FaultEffect.awaitAll(chaos, description + " (sinks' links)",
                            List.of(FaultEffect.writesFail(chaos, PipelineRun.CLICKHOUSE),
                                    FaultEffect.writesFail(chaos, PipelineRun.ELASTICSEARCH)), EFFECT_TIMEOUT);
                    natsLink.proxy().disable();
                    FaultEffect nothingDelivered = FaultEffect.nothingDelivered(chaos);
                    Thread.sleep(down.toMillis());
                    FaultEffect.awaitAll(chaos, description + " (NATS's link)", List.of(nothingDelivered),
                            EFFECT_TIMEOUT);
                } finally {
                    natsLink.proxy().enable();
                    for (ChaosRun.Link link : sinkLinks) {
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

    private static List<ChaosRun.Link> links(ChaosRun chaos, String... names) {
        List<String> wanted = List.of(names);
        return chaos.links().stream().filter(link -> wanted.contains(link.name())).toList();
    }
}
