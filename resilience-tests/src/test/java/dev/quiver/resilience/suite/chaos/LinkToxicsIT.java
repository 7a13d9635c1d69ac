package dev.quiver.resilience.suite.chaos;

import dev.quiver.resilience.harness.AckedPublisher;
import dev.quiver.resilience.harness.PipelineRun;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.resilience.harness.Smoke;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Toxics on the links of the pipeline (bridge→ClickHouse, bridge→Elasticsearch, bridge→Redis, bridge→NATS,
 * producer→NATS), each through a toxiproxy proxy of the run, so only this run is hit: one scenario per toxic kind,
 * either on several links at once (latency, jitter, bandwidth) or walking the links one after another (timeout,
 * reset_peer), each window a fault in the report. Every window holds until the toxic has visibly bitten
 * ({@link FaultEffect}), so a toxic that does nothing fails the scenario:
 * <ul>
 *   <li>latency L: every acknowledgement to the producer takes at least L, the newest event in each store is at
 *       least L old (NATS's deliveries to the bridge are held L), and each sink has writes taking at least L. The
 *       bridge exposes no timing of its Redis calls, so the Redis link's latency is only ridden out;</li>
 *   <li>bandwidth: a backlog builds in both consumers (NATS's deliveries to the bridge are throttled while the
 *       producer's link is not), then drains;</li>
 *   <li>timeout and reset_peer: writes to the sink on that link fail, de-duplication goes off (Redis), nothing is
 *       delivered to the bridge while both backlogs grow (NATS), or the producer retries (producer→NATS).</li>
 * </ul>
 * Events flow all along; afterwards both sinks hold exactly what was produced.
 */
@Timeout(300)
class LinkToxicsIT {
    private static final Duration FINISH = Duration.ofSeconds(90);
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(60);
    private static final String PRODUCER_LINK = "producer→nats";

    /** Adds one toxic named {@code name} to {@code proxy}. */
    @FunctionalInterface
    private interface ToxicFactory {
        Toxic add(Proxy proxy, String name) throws IOException;
    }

    /** What a toxic on the link named {@code link} must visibly do, measured from now. */
    @FunctionalInterface
    private interface Effects {
        List<FaultEffect> on(ChaosRun chaos, String link) throws Exception;
    }

    @Scenario(group = "chaos", title = "latency 50/200/500 ms, then jitter 50–500 ms, on every link: each seen, nothing lost or doubled")
    void latencyAndJitter(ScenarioLog log) throws Exception {
        Duration step = log.scale().pick(Duration.ofSeconds(3), Duration.ofSeconds(6));
        toxicScenario(log, "latency", 21L, chaos -> {
            for (long ms : new long[] {50, 200, 500}) {
                window(chaos, "latency " + ms + " ms on every link", chaos.links(), step,
                        latencyEffects(Duration.ofMillis(ms)),
                        (proxy, name) -> proxy.toxics().latency(name, ToxicDirection.DOWNSTREAM, ms));
            }
            return window(chaos, "jitter: latency 275 ± 225 ms (50–500 ms) on every link", chaos.links(), step,
                    latencyEffects(Duration.ofMillis(50)),
                    (proxy, name) -> proxy.toxics().latency(name, ToxicDirection.DOWNSTREAM, 275).setJitter(225));
        });
    }

    @Scenario(group = "chaos", title = "bandwidth limited to 32 KB/s each way on every link of the bridge: a backlog builds, then drains exactly")
    void bandwidth(ScenarioLog log) throws Exception {
        Duration hold = log.scale().pick(Duration.ofSeconds(4), Duration.ofSeconds(10));
        toxicScenario(log, "bandwidth", 22L, chaos -> {
            List<ChaosRun.Link> bridgeLinks = chaos.links().stream()
                    .filter(link -> !link.name().equals(PRODUCER_LINK)).toList();
            long oneSecond = chaos.rate();
            return window(chaos, "bandwidth 32 KB/s each way on every link of the bridge", bridgeLinks, hold,
                    (run, link) -> link.equals("bridge→nats")
                            ? List.of(FaultEffect.backlogBuilds(run, oneSecond)) : List.of(),
                    (proxy, name) -> proxy.toxics().bandwidth(name + "-down", ToxicDirection.DOWNSTREAM, 32),
                    (proxy, name) -> proxy.toxics().bandwidth(name + "-up", ToxicDirection.UPSTREAM, 32));
        });
    }

    @Scenario(group = "chaos", title = "timeout toxic (data stops, connection closed after 1 s) on each link in turn: each seen, nothing lost or doubled")
    void timeouts(ScenarioLog log) throws Exception {
        Duration hold = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(4));
        toxicScenario(log, "timeout", 23L, chaos -> walkLinks(chaos, "timeout 1 s", hold,
                (proxy, name) -> proxy.toxics().timeout(name, ToxicDirection.DOWNSTREAM, 1_000)));
    }

    @Scenario(group = "chaos", title = "reset_peer (TCP RST) on each link in turn: each seen, every client reconnects, nothing lost or doubled")
    @Smoke
    void resetPeer(ScenarioLog log) throws Exception {
        Duration hold = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(3));
        toxicScenario(log, "reset-peer", 24L, chaos -> walkLinks(chaos, "reset_peer", hold,
                (proxy, name) -> proxy.toxics().resetPeer(name, ToxicDirection.DOWNSTREAM, 0)));
    }

    /** The faults of one scenario; returns {@link System#nanoTime()} when the last was lifted. */
    @FunctionalInterface
    private interface Faults {
        long inject(ChaosRun chaos) throws Exception;
    }

    private static void toxicScenario(ScenarioLog log, String name, long seed, Faults faults) throws Exception {
        int rate = log.scale().pick(500, 1_000);
        Duration after = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (ChaosRun chaos = ChaosRun.openThroughProxies(log, name)) {
            AckedPublisher producer = chaos.produceThroughLink(seed, rate);
            chaos.awaitFlowing(500);
            long endNanos = faults.inject(chaos);
            long ackedAtEnd = producer.acknowledged();
            chaos.recovered("toxics removed → both sinks current", ackedAtEnd, endNanos, Duration.ofSeconds(90));
            long produced = chaos.stopProducing(after);
            chaos.finish(produced, FINISH);
        }
    }

    /** A latency toxic of at least {@code floor} on each link: what it must do there (nothing seen on Redis's). */
    private static Effects latencyEffects(Duration floor) {
        return (chaos, link) -> switch (link) {
            case "bridge→clickhouse" -> List.of(FaultEffect.slowWrites(chaos, PipelineRun.CLICKHOUSE, floor));
            case "bridge→elasticsearch" -> List.of(FaultEffect.slowWrites(chaos, PipelineRun.ELASTICSEARCH, floor));
            case "bridge→nats" -> List.of(FaultEffect.visibleNoSooner(chaos, floor));
            case PRODUCER_LINK -> List.of(FaultEffect.acknowledgementsDelayed(chaos, floor));
            default -> List.of();
        };
    }

    /** What cutting a link (timeout, reset_peer) must do. */
    private static List<FaultEffect> cutEffects(ChaosRun chaos, String link) throws Exception {
        return switch (link) {
            case "bridge→clickhouse" -> List.of(FaultEffect.writesFail(chaos, PipelineRun.CLICKHOUSE));
            case "bridge→elasticsearch" -> List.of(FaultEffect.writesFail(chaos, PipelineRun.ELASTICSEARCH));
            case "bridge→redis" -> List.of(FaultEffect.dedupOff(chaos));
            case "bridge→nats" -> List.of(FaultEffect.nothingDelivered(chaos));
            case PRODUCER_LINK -> List.of(FaultEffect.producerRetries(chaos));
            default -> throw new IllegalArgumentException("no effect known for a cut of link " + link);
        };
    }

    /** The toxic on each link in turn, until its effect shows; returns when the last was removed. */
    private static long walkLinks(ChaosRun chaos, String kind, Duration hold, ToxicFactory factory) throws Exception {
        long endNanos = 0;
        for (ChaosRun.Link link : chaos.links()) {
            endNanos = window(chaos, kind + " on " + link.name(), List.of(link), hold, LinkToxicsIT::cutEffects,
                    factory);
        }
        return endNanos;
    }

    /**
     * The toxics of {@code factories} on {@code links} for {@code hold}, and then until their {@code effects} have
     * shown (at most {@link #EFFECT_TIMEOUT}); returns when they were removed.
     */
    private static long window(ChaosRun chaos, String description, List<ChaosRun.Link> links, Duration hold,
                               Effects effects, ToxicFactory... factories) throws Exception {
        ScenarioLog.Fault fault = chaos.log.fault(description);
        List<Toxic> toxics = new ArrayList<>();
        List<FaultEffect> expected = new ArrayList<>();
        try {
            for (ChaosRun.Link link : links) {
                for (ToxicFactory factory : factories) {
                    toxics.add(factory.add(link.proxy(), "chaos-" + toxics.size()));
                }
            }
            for (ChaosRun.Link link : links) {
                expected.addAll(effects.on(chaos, link.name()));
            }
            Thread.sleep(hold.toMillis());
            FaultEffect.awaitAll(chaos, description, expected, EFFECT_TIMEOUT);
        } finally {
            for (FaultEffect effect : expected) {
                if (effect instanceof AutoCloseable closing) {
                    closing.close();
                }
            }
            for (Toxic toxic : toxics) {
                toxic.remove();
            }
            fault.end();
        }
        return System.nanoTime();
    }
}
