package dev.quiver.resilience.suite.chaos;

import dev.quiver.resilience.harness.AckedPublisher;
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
 * either on every link at once (latency, jitter, bandwidth) or walking the links one after another (timeout,
 * reset_peer), each window a fault in the report. Events flow all along; afterwards both sinks hold exactly what
 * was produced.
 */
@Timeout(300)
class LinkToxicsIT {
    private static final Duration FINISH = Duration.ofSeconds(90);

    /** Adds one toxic named {@code name} to {@code proxy}. */
    @FunctionalInterface
    private interface ToxicFactory {
        Toxic add(Proxy proxy, String name) throws IOException;
    }

    @Scenario(group = "chaos", title = "latency 50/200/500 ms, then jitter 50–500 ms, on every link: nothing lost or doubled")
    void latencyAndJitter(ScenarioLog log) throws Exception {
        Duration step = log.scale().pick(Duration.ofSeconds(3), Duration.ofSeconds(6));
        toxicScenario(log, "latency", 21L, chaos -> {
            long endNanos = 0;
            for (long ms : new long[] {50, 200, 500}) {
                endNanos = onEveryLink(chaos, "latency " + ms + " ms on every link", step,
                        (proxy, name) -> proxy.toxics().latency(name, ToxicDirection.DOWNSTREAM, ms));
            }
            return onEveryLink(chaos, "jitter: latency 275 ± 225 ms (50–500 ms) on every link", step,
                    (proxy, name) -> proxy.toxics().latency(name, ToxicDirection.DOWNSTREAM, 275).setJitter(225));
        });
    }

    @Scenario(group = "chaos", title = "bandwidth limited to 32 KB/s each way on every link: lag builds, then drains exactly")
    void bandwidth(ScenarioLog log) throws Exception {
        Duration hold = log.scale().pick(Duration.ofSeconds(4), Duration.ofSeconds(10));
        toxicScenario(log, "bandwidth", 22L, chaos -> onEveryLink(chaos, "bandwidth 32 KB/s each way on every link",
                hold, (proxy, name) -> proxy.toxics().bandwidth(name + "-down", ToxicDirection.DOWNSTREAM, 32),
                (proxy, name) -> proxy.toxics().bandwidth(name + "-up", ToxicDirection.UPSTREAM, 32)));
    }

    @Scenario(group = "chaos", title = "timeout toxic (data stops, connection closed after 1 s) on each link in turn")
    void timeouts(ScenarioLog log) throws Exception {
        Duration hold = log.scale().pick(Duration.ofSeconds(2), Duration.ofSeconds(4));
        toxicScenario(log, "timeout", 23L, chaos -> walkLinks(chaos, "timeout 1 s", hold,
                (proxy, name) -> proxy.toxics().timeout(name, ToxicDirection.DOWNSTREAM, 1_000)));
    }

    @Scenario(group = "chaos", title = "reset_peer (TCP RST) on each link in turn: every client reconnects, nothing lost or doubled")
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

    /** The toxics on every link at once for {@code hold}; returns when they were removed. */
    private static long onEveryLink(ChaosRun chaos, String description, Duration hold, ToxicFactory... factories)
            throws Exception {
        return window(chaos, description, chaos.links(), hold, factories);
    }

    /** The toxic on each link in turn for {@code hold}; returns when the last was removed. */
    private static long walkLinks(ChaosRun chaos, String kind, Duration hold, ToxicFactory factory) throws Exception {
        long endNanos = 0;
        for (ChaosRun.Link link : chaos.links()) {
            endNanos = window(chaos, kind + " on " + link.name(), List.of(link), hold, factory);
        }
        return endNanos;
    }

    private static long window(ChaosRun chaos, String description, List<ChaosRun.Link> links, Duration hold,
                               ToxicFactory... factories) throws Exception {
        ScenarioLog.Fault fault = chaos.log.fault(description);
        List<Toxic> toxics = new ArrayList<>();
        try {
            for (ChaosRun.Link link : links) {
                for (ToxicFactory factory : factories) {
                    toxics.add(factory.add(link.proxy(), "chaos-" + toxics.size()));
                }
            }
            Thread.sleep(hold.toMillis());
        } finally {
            for (Toxic toxic : toxics) {
                toxic.remove();
            }
            fault.end();
        }
        return System.nanoTime();
    }
}
