package dev.quiver.resilience.suite.subscriptions;

import static dev.quiver.resilience.suite.subscriptions.ConcurrentSubscriptionsIT.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.resilience.harness.LatencyRecorder;
import dev.quiver.resilience.harness.Polling;
import dev.quiver.resilience.harness.Sampler;
import dev.quiver.resilience.harness.Scenario;
import dev.quiver.resilience.harness.ScenarioLog;
import dev.quiver.testsupport.ServiceName;
import dev.quiver.testsupport.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * 50,000 subscriptions in waves of 10,000 (smoke: 3 waves of 500): each wave is established, fed, verified and
 * closed; after each wave the server's live heap (after a full GC) is back at its baseline, its subscriber gauge
 * and Flight stream gauge are back at zero, and its thread count does not grow from wave to wave.
 */
class SubscriptionWavesIT {
    private static final Services SERVICES = Services.fromEnvironment();
    /** What a full GC may leave above the baseline after a wave (caches warmed by the first wave, JIT, pools). */
    private static final long HEAP_SLACK_BYTES = 24L << 20;
    /** Threads that may come and go between waves (idle gRPC executor threads expire after 60 s). */
    private static final int THREAD_SLACK = 32;

    @Scenario(group = "subscriptions", title = "{1,500|50,000} subscriptions in waves of {500|10,000}: each wave gets every event,"
            + " memory back to baseline, no thread or stream leak")
    void wavesOfSubscriptions(ScenarioLog log) throws Exception {
        SERVICES.require(ServiceName.NATS);
        int waves = log.scale().pick(3, 5);
        int perWave = log.scale().pick(500, 10_000);
        int events = 20;
        log.load(String.format("%d waves of %,d subscriptions (%,d in all), %d events to each wave, then the wave is"
                + " closed", waves, perWave, waves * perWave, events));
        try (SubscriptionServer server = new SubscriptionServer(SERVICES, "waves", 1024, Map.of());
             SubscriberFleet fleet = new SubscriberFleet(server, Math.max(2, perWave / 1_000), "entityId occurredAt");
             Sampler sampler = server.gauges(log)
                     .gauge("server threads", "", server::threads)) {
            LiveEventPublisher publisher = new LiveEventPublisher(server, 10);
            long heapBaseline = server.postGcHeapBytes();
            double streamsBaseline = server.flightStreamsInFlight();
            log.figure("server heap after GC before the first wave", heapBaseline / MIB, "MiB");
            LatencyRecorder latency = new LatencyRecorder(log);
            long expected = 0;
            long received = 0;
            long duplicates = 0;
            double firstWaveThreads = -1;
            for (int wave = 1; wave <= waves; wave++) {
                long started = System.nanoTime();
                List<LiveSubscriber> all = fleet.open(perWave);
                List<LiveSubscriber> established = SubscriberFleet.established(all);
                log.recovery("wave " + wave + ": " + perWave + " established", Duration.ofNanos(System.nanoTime() - started));
                assertThat(established.size()).as("wave " + wave + ": every subscription established; first failure: "
                        + SubscriberFleet.firstOpenFailure(all)).isEqualTo(perWave);
                server.awaitLiveSubscribers(established.size(), Duration.ofSeconds(30));

                long first = publisher.nextIndex();
                CountDownLatch done = SubscriberFleet.startReading(established, first, first + events - 1, latency,
                        null);
                publisher.publish(events, 0, 1_000, n -> "{\"n\":" + n + "}");
                boolean allDone = SubscriberFleet.await(done, established, Duration.ofSeconds(90));
                SubscriberFleet.Tally tally = SubscriberFleet.tally(established, events);
                if (!allDone) {
                    log.note("wave " + wave + " incomplete; server stats " + server.stats() + "; " + server.feedState());
                }
                expected += tally.expected();
                received += tally.received();
                duplicates += tally.duplicates();
                assertThat(allDone && tally.complete() == established.size()).as("wave " + wave + ": every subscriber"
                        + " got every event once, in order; first incomplete: "
                        + SubscriberFleet.firstIncomplete(established)).isTrue();

                SubscriberFleet.closeAll(all);
                server.awaitLiveSubscribers(0, Duration.ofSeconds(30));
                Polling.await(Duration.ofSeconds(10), "wave " + wave + ": Flight streams in flight back to "
                        + streamsBaseline, () -> server.flightStreamsInFlight() == streamsBaseline,
                        server::flightStreamsInFlight);
                long heapAfter = server.postGcHeapBytes();
                double threads = server.threads();
                firstWaveThreads = firstWaveThreads < 0 ? threads : firstWaveThreads;
                log.figure("wave " + wave + ": server heap after GC once closed", heapAfter / MIB, "MiB");
                log.figure("wave " + wave + ": server threads once closed", threads, "");
                log.series("server heap after GC, after each wave", "MiB").add(heapAfter / MIB);
                assertThat(heapAfter).as("wave " + wave + ": live heap back to the baseline (" + heapBaseline
                        + " bytes) + " + (HEAP_SLACK_BYTES >> 20) + " MiB").isLessThanOrEqualTo(heapBaseline + HEAP_SLACK_BYTES);
                assertThat(threads).as("wave " + wave + ": server threads do not grow from wave to wave")
                        .isLessThanOrEqualTo(firstWaveThreads + THREAD_SLACK);
            }
            log.deliveries("subscribers", expected, received, duplicates);
            log.latency(latency.all("delivery (publish to received)"));
            latency.publishSeries("delivery", 1_000);
        }
    }
}
